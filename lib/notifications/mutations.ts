/**
 * Webhooks and email alerts. A webhook's URL and secret are encrypted on write and never read
 * back out of lib/ (the delivery sender decrypts them); the audit log says "changed", not what.
 */
import { diffFields, recordAudit, type Actor } from "@/lib/audit/record";
import { encryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { AppError, invalidFields, notFound } from "@/lib/errors";
import { checkUrl, networkPolicyFromEnv } from "@/lib/network/policy";
import { emailAlertSelect, webhookSelect } from "./queries";
import {
  createEmailAlertSchema,
  createWebhookSchema,
  displayHost,
  updateWebhookSchema,
  type CreateEmailAlertInput,
  type CreateWebhookInput,
  type UpdateWebhookInput,
} from "./schema";

async function assertOpenProject(tx: Parameters<Parameters<typeof db.$transaction>[0]>[0], projectId: string) {
  const project = await tx.project.findUnique({ where: { id: projectId }, select: { status: true } });
  if (!project) throw notFound("Project");
  if (project.status === "archived") throw new AppError("conflict", "The project is archived; unarchive it to change its notifications.");
}

/**
 * A URL the network policy refuses (link-local, cloud metadata, Clearsight's own ports, a rule)
 * is refused on write too, naming the field; the sender checks again at every delivery, since
 * DNS answers change.
 */
async function assertAllowedUrl(url: string): Promise<void> {
  const reason = await checkUrl(networkPolicyFromEnv(), url);
  if (reason) throw invalidFields({ url: [`Refused by the network policy: ${reason}.`] }, "Invalid body: check url.");
}

export async function createWebhook(actor: Actor, projectId: string, input: CreateWebhookInput) {
  const data = createWebhookSchema.parse(input);
  await assertAllowedUrl(data.url);
  return db.$transaction(async (tx) => {
    await assertOpenProject(tx, projectId);
    const webhook = await tx.webhook.create({
      data: {
        projectId,
        urlEncrypted: encryptSecret(data.url),
        urlHost: displayHost(data.url),
        secretEncrypted: encryptSecret(data.secret),
        events: data.events,
        threshold: data.threshold ?? null,
        enabled: data.enabled,
        createdById: actor.id,
      },
      select: webhookSelect,
    });
    await recordAudit(tx, actor, {
      action: "webhook.create",
      recordType: "webhook",
      recordId: webhook.id,
      changes: { projectId, urlHost: webhook.urlHost, events: data.events, threshold: webhook.threshold, enabled: data.enabled, url: "set", secret: "set" },
    });
    return webhook;
  });
}

export async function updateWebhook(actor: Actor, id: string, input: UpdateWebhookInput) {
  const { url, secret, ...data } = updateWebhookSchema.parse(input);
  if (url !== undefined) await assertAllowedUrl(url);
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM webhooks WHERE id = ${id}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Webhook");
    const before = await tx.webhook.findUniqueOrThrow({ where: { id }, select: webhookSelect });
    const events = data.events ?? before.events;
    const threshold = data.threshold === undefined ? before.threshold : data.threshold;
    if (events.includes("threshold.crossed") && threshold === null) {
      throw invalidFields({ threshold: ["Set a threshold (open violations) to be told when it is crossed."] }, "Invalid body: check threshold.");
    }
    const changes: Record<string, unknown> = { ...diffFields(before, data) };
    if (url !== undefined) changes.url = "changed";
    if (url !== undefined && displayHost(url) !== before.urlHost) changes.urlHost = { from: before.urlHost, to: displayHost(url) };
    if (secret !== undefined) changes.secret = "changed";
    if (Object.keys(changes).length === 0) return before;
    const webhook = await tx.webhook.update({
      where: { id },
      data: {
        ...data,
        ...(url !== undefined ? { urlEncrypted: encryptSecret(url), urlHost: displayHost(url) } : {}),
        ...(secret !== undefined ? { secretEncrypted: encryptSecret(secret) } : {}),
      },
      select: webhookSelect,
    });
    await recordAudit(tx, actor, { action: "webhook.update", recordType: "webhook", recordId: id, changes: changes as never });
    return webhook;
  });
}

/** Removes the webhook and its delivery log (the log describes only this webhook). */
export async function deleteWebhook(actor: Actor, id: string): Promise<{ id: string; deleted: true }> {
  return db.$transaction(async (tx) => {
    const before = await tx.webhook.findUnique({ where: { id }, select: { projectId: true, urlHost: true, events: true } });
    if (!before) throw notFound("Webhook");
    const deliveries = await tx.notificationDelivery.count({ where: { webhookId: id } });
    await tx.webhook.delete({ where: { id } });
    await recordAudit(tx, actor, { action: "webhook.delete", recordType: "webhook", recordId: id, changes: { ...before, deliveriesRemoved: deliveries } });
    return { id, deleted: true as const };
  });
}

export async function createEmailAlert(actor: Actor, projectId: string, input: CreateEmailAlertInput) {
  const data = createEmailAlertSchema.parse(input);
  return db.$transaction(async (tx) => {
    await assertOpenProject(tx, projectId);
    const alert = await tx.emailAlert.create({
      data: { projectId, recipients: data.recipients, events: data.events, threshold: data.threshold ?? null, enabled: data.enabled, createdById: actor.id },
      select: emailAlertSelect,
    });
    await recordAudit(tx, actor, {
      action: "email_alert.create",
      recordType: "email_alert",
      recordId: alert.id,
      changes: { projectId, recipients: data.recipients, events: data.events, threshold: alert.threshold, enabled: data.enabled },
    });
    return alert;
  });
}

export async function deleteEmailAlert(actor: Actor, id: string): Promise<{ id: string; deleted: true }> {
  return db.$transaction(async (tx) => {
    const before = await tx.emailAlert.findUnique({ where: { id }, select: { projectId: true, recipients: true, events: true } });
    if (!before) throw notFound("Email alert");
    await tx.emailAlert.delete({ where: { id } });
    await recordAudit(tx, actor, { action: "email_alert.delete", recordType: "email_alert", recordId: id, changes: before });
    return { id, deleted: true as const };
  });
}
