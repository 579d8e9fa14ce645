import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { smtpHost } from "./email";
import { listDeliveriesQuerySchema } from "./schema";

/** What a webhook shows: never its URL or secret, only the URL's host. */
export const webhookSelect = {
  id: true,
  projectId: true,
  urlHost: true,
  events: true,
  threshold: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
  createdBy: { select: { id: true, name: true } },
} as const satisfies Prisma.WebhookSelect;

export const emailAlertSelect = {
  id: true,
  projectId: true,
  recipients: true,
  events: true,
  threshold: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
  createdBy: { select: { id: true, name: true } },
} as const satisfies Prisma.EmailAlertSelect;

const deliverySelect = {
  id: true,
  event: true,
  state: true,
  attempts: true,
  nextAttemptAt: true,
  lastStatusCode: true,
  lastError: true,
  deliveredAt: true,
  createdAt: true,
} as const satisfies Prisma.NotificationDeliverySelect;

async function assertProject(projectId: string) {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) throw notFound("Project");
}

export async function listProjectWebhooks(projectId: string) {
  await assertProject(projectId);
  return db.webhook.findMany({ where: { projectId }, select: webhookSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export async function listProjectEmailAlerts(projectId: string) {
  await assertProject(projectId);
  return db.emailAlert.findMany({ where: { projectId }, select: emailAlertSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export async function listWebhookDeliveries(webhookId: string, input: { page?: number; pageSize?: number } = {}) {
  const { page, pageSize } = listDeliveriesQuerySchema.parse(input);
  const webhook = await db.webhook.findUnique({ where: { id: webhookId }, select: { id: true } });
  if (!webhook) throw notFound("Webhook");
  const [items, total] = await Promise.all([
    db.notificationDelivery.findMany({ where: { webhookId }, select: deliverySelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * pageSize, take: pageSize }),
    db.notificationDelivery.count({ where: { webhookId } }),
  ]);
  return { items, total, page, pageSize };
}

/** The latest deliveries of a project's webhooks and email alerts, for the admin's view. */
export async function listRecentProjectDeliveries(projectId: string, take = 20) {
  return db.notificationDelivery.findMany({
    where: { OR: [{ webhook: { projectId } }, { emailAlert: { projectId } }] },
    select: { ...deliverySelect, webhook: { select: { id: true, urlHost: true } }, emailAlert: { select: { id: true, recipients: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}

/** Everything the project page's notification section shows an admin. */
export async function listProjectNotifications(projectId: string) {
  const [webhooks, emailAlerts, deliveries] = await Promise.all([listProjectWebhooks(projectId), listProjectEmailAlerts(projectId), listRecentProjectDeliveries(projectId)]);
  return { webhooks, emailAlerts, deliveries, smtpHost: smtpHost() };
}
