/**
 * Notifications end to end below the UI: a finished scan becomes signed webhook deliveries and
 * emails; a receiver that first answers 500 gets the same signed body again; every attempt is
 * recorded; URLs and secrets never come back out of the API.
 */
import { callRoute, responseLog } from "./call-route";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deliveriesRoute from "@/app/api/v1/webhooks/[id]/deliveries/route";
import * as webhookRoute from "@/app/api/v1/webhooks/[id]/route";
import * as webhooksRoute from "@/app/api/v1/projects/[id]/webhooks/route";
import * as emailAlertsRoute from "@/app/api/v1/projects/[id]/email-alerts/route";
import { encryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { drainDeliveries } from "@/lib/notifications/delivery";
import { queueScanNotifications } from "@/lib/notifications/events";
import { SIGNATURE_HEADER, verifySignature } from "@/lib/notifications/signature";
import { createTestProject, createTestRun, createTestSession, createTestUser, type TestUser } from "@/tests/support/factories";

type Received = { headers: http.IncomingHttpHeaders; body: string };

let admin: TestUser;
let tester: TestUser;
let receiver: http.Server;
let receiverUrl: string;
const received: Received[] = [];
/** Status codes the receiver answers with, in order; 200 once they run out. */
const answers: number[] = [];

beforeAll(async () => {
  [admin, tester] = await Promise.all([createTestUser("ADMIN"), createTestUser("TESTER")]);
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(answers.shift() ?? 200).end("ok");
    });
  });
  receiver.listen(0, "127.0.0.1");
  await once(receiver, "listening");
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/clearsight?token=receiver-token-123`;
});

afterAll(async () => {
  receiver?.close();
});

/** A session whose scan finished with open serious findings (fingerprinted, as the engine stores them). */
async function finishedScan(projectId: string, owner: TestUser, findings: Array<{ fingerprint: string; impact: "serious" | "critical" | "minor" }>) {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { id: true, primaryUrl: true } });
  const session = await createTestSession(owner.actor, project);
  const run = await createTestRun(session.id);
  const page = await db.pageResult.create({ data: { sessionId: session.id, runId: run.id, url: `${project.primaryUrl}page`, state: "done" }, select: { id: true } });
  await db.violation.createMany({
    data: findings.map((finding, index) => ({
      sessionId: session.id,
      runId: run.id,
      pageResultId: page.id,
      ruleId: `rule-${index}`,
      impact: finding.impact,
      selector: `#el-${index}`,
      html: "<div></div>",
      fingerprint: finding.fingerprint,
    })),
  });
  await db.testSession.update({ where: { id: session.id }, data: { status: "completed", startedAt: new Date(), completedAt: new Date() } });
  return session;
}

describe("webhooks", () => {
  it("are write-only: validated on create, shown by host, never returned with URL or secret", async () => {
    const project = await createTestProject(admin.actor);
    const bad = await callRoute(webhooksRoute.POST, {
      method: "POST",
      path: `/api/v1/projects/${project.id}/webhooks`,
      params: { id: project.id },
      headers: admin.authHeader,
      body: { url: "ftp://example.org/x", events: ["run.exploded"], secret: "short", threshold: -1 },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(["url", "events.0", "secret", "threshold"]));
    const noThreshold = await callRoute(webhooksRoute.POST, {
      method: "POST",
      path: `/api/v1/projects/${project.id}/webhooks`,
      params: { id: project.id },
      headers: admin.authHeader,
      body: { url: receiverUrl, events: ["threshold.crossed"], secret: "s".repeat(20) },
    });
    expect(noThreshold.status).toBe(400);
    expect(noThreshold.body.error.fields.threshold).toBeDefined();
    const asTester = await callRoute(webhooksRoute.POST, {
      method: "POST",
      path: `/api/v1/projects/${project.id}/webhooks`,
      params: { id: project.id },
      headers: tester.authHeader,
      body: { url: receiverUrl, events: ["run.completed"], secret: "s".repeat(20) },
    });
    expect(asTester.status).toBe(403);

    const secret = "write-only-secret-value-42";
    const created = await callRoute(webhooksRoute.POST, {
      method: "POST",
      path: `/api/v1/projects/${project.id}/webhooks`,
      params: { id: project.id },
      headers: admin.authHeader,
      body: { url: receiverUrl, events: ["run.completed"], secret },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ urlHost: new URL(receiverUrl).origin, events: ["run.completed"], enabled: true });
    const patched = await callRoute(webhookRoute.PATCH, {
      method: "PATCH",
      path: `/api/v1/webhooks/${created.body.id}`,
      params: { id: created.body.id },
      headers: admin.authHeader,
      body: { secret: `${secret}-rotated`, enabled: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.enabled).toBe(false);
    const listed = await callRoute(webhooksRoute.GET, { path: `/api/v1/projects/${project.id}/webhooks`, params: { id: project.id }, headers: admin.authHeader });
    expect(listed.body.items).toHaveLength(1);
    const stored = await db.webhook.findUniqueOrThrow({ where: { id: created.body.id }, select: { urlEncrypted: true, secretEncrypted: true } });
    expect(stored.urlEncrypted).not.toContain("receiver-token");
    expect(stored.secretEncrypted).not.toContain(secret);
    for (const text of responseLog) {
      expect(text).not.toContain("receiver-token-123");
      expect(text).not.toContain(secret);
    }
    const audit = await db.auditEvent.findMany({ where: { recordId: created.body.id }, select: { action: true, changes: true } });
    expect(audit.map((event) => event.action)).toEqual(expect.arrayContaining(["webhook.create", "webhook.update"]));
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify(audit)).not.toContain("receiver-token-123");

    const deleted = await callRoute(webhookRoute.DELETE, { method: "DELETE", path: `/api/v1/webhooks/${created.body.id}`, params: { id: created.body.id }, headers: admin.authHeader });
    expect(deleted.body).toEqual({ id: created.body.id, deleted: true });
  });

  it("deliver a correctly signed payload, retried after the receiver first answers 500, each attempt recorded", async () => {
    const project = await createTestProject(admin.actor);
    const secret = "a-webhook-secret-for-signing";
    const webhook = await callRoute(webhooksRoute.POST, {
      method: "POST",
      path: `/api/v1/projects/${project.id}/webhooks`,
      params: { id: project.id },
      headers: admin.authHeader,
      body: { url: receiverUrl, events: ["run.completed", "issues.new_serious", "threshold.crossed"], secret, threshold: 1 },
    });
    expect(webhook.status).toBe(201);

    const first = await finishedScan(project.id, tester, [
      { fingerprint: "fp-a", impact: "serious" },
      { fingerprint: "fp-b", impact: "minor" },
    ]);
    // Two workers racing to announce the same finished scan announce it once.
    await Promise.all([queueScanNotifications(), queueScanNotifications()]);
    const queued = await db.notificationDelivery.findMany({ where: { webhookId: webhook.body.id }, select: { event: true } });
    // 2 open violations > threshold 1 (previously 0), and fp-a is new.
    expect(queued.map((delivery) => delivery.event).sort()).toEqual(["issues.new_serious", "run.completed", "threshold.crossed"]);

    received.length = 0;
    answers.push(500, 500, 500);
    expect(await drainDeliveries({ backoffBaseMs: 0 })).toBeGreaterThanOrEqual(3);
    expect(received).toHaveLength(3);
    const failed = await db.notificationDelivery.findMany({ where: { webhookId: webhook.body.id }, select: { state: true, attempts: true, lastStatusCode: true, lastError: true } });
    for (const delivery of failed) expect(delivery).toMatchObject({ state: "pending", attempts: 1, lastStatusCode: 500, lastError: "The receiver answered HTTP 500." });

    await drainDeliveries({ backoffBaseMs: 0 });
    expect(received).toHaveLength(6);
    const byDelivery = new Map<string, Received[]>();
    for (const request of received) {
      expect(request.headers["content-type"]).toBe("application/json");
      expect(verifySignature(request.body, secret, String(request.headers[SIGNATURE_HEADER]))).toBe(true);
      expect(verifySignature(request.body, "some-other-secret-value", String(request.headers[SIGNATURE_HEADER]))).toBe(false);
      const id = String(request.headers["x-clearsight-delivery"]);
      byDelivery.set(id, [...(byDelivery.get(id) ?? []), request]);
    }
    // Each delivery was sent twice, with the same bytes.
    expect([...byDelivery.values()].map((requests) => requests.length)).toEqual([2, 2, 2]);
    for (const [, [a, b]] of byDelivery) expect(a!.body).toBe(b!.body);
    const completed = received.map((request) => JSON.parse(request.body)).find((body) => body.event === "run.completed");
    expect(completed).toMatchObject({ project: { id: project.id }, session: { id: first.id }, run: { status: "completed" }, counts: { open: { serious: 1, minor: 1, total: 2 }, pagesScanned: 1 } });
    const serious = received.map((request) => JSON.parse(request.body)).find((body) => body.event === "issues.new_serious");
    expect(serious.newSerious).toMatchObject({ count: 1, issues: [{ fingerprint: "fp-a", impact: "serious" }] });

    const log = await callRoute(deliveriesRoute.GET, { path: `/api/v1/webhooks/${webhook.body.id}/deliveries`, params: { id: webhook.body.id }, headers: admin.authHeader });
    expect(log.status).toBe(200);
    expect(log.body.total).toBe(3);
    for (const delivery of log.body.items) expect(delivery).toMatchObject({ state: "succeeded", attempts: 2, lastStatusCode: 200, lastError: null });
    const viewerDenied = await callRoute(deliveriesRoute.GET, { path: `/api/v1/webhooks/${webhook.body.id}/deliveries`, params: { id: webhook.body.id }, headers: tester.authHeader });
    expect(viewerDenied.status).toBe(403);

    // Nothing is announced twice.
    expect(await queueScanNotifications()).toBe(0);
  });

  it("gives up after the last attempt and says why", async () => {
    const project = await createTestProject(admin.actor);
    // A port that was just free: nothing listens there.
    const closed = http.createServer().listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    const webhook = await callRoute(webhooksRoute.POST, {
      method: "POST",
      path: `/api/v1/projects/${project.id}/webhooks`,
      params: { id: project.id },
      headers: admin.authHeader,
      body: { url: `http://127.0.0.1:${port}/hook`, events: ["run.completed"], secret: "s".repeat(20) },
    });
    await finishedScan(project.id, tester, []);
    await queueScanNotifications();
    for (let attempt = 0; attempt < 6; attempt += 1) await drainDeliveries({ backoffBaseMs: 0 });
    const [delivery] = await db.notificationDelivery.findMany({ where: { webhookId: webhook.body.id } });
    expect(delivery).toMatchObject({ state: "failed", attempts: 6, lastStatusCode: null, lastError: "Could not connect (ECONNREFUSED)." });
  });
});

describe("webhooks and the network policy", () => {
  it("refuses link-local and metadata URLs on write, naming the field, and checks again at every delivery", async () => {
    const project = await createTestProject(admin.actor);
    const post = (url: string) =>
      callRoute(webhooksRoute.POST, { method: "POST", path: `/api/v1/projects/${project.id}/webhooks`, params: { id: project.id }, headers: admin.authHeader, body: { url, events: ["run.completed"], secret: "s".repeat(20) } });
    const linkLocal = await post("http://169.254.169.254/latest/meta-data/");
    expect(linkLocal.status).toBe(400);
    expect(linkLocal.body.error.fields.url[0]).toMatch(/^Refused by the network policy: 169\.254\.169\.254 .*link-local/);
    const metadata = await post("http://metadata.google.internal/computeMetadata/v1/");
    expect(metadata.body.error.fields.url[0]).toMatch(/cloud metadata service/);
    expect(await db.webhook.count({ where: { projectId: project.id } })).toBe(0);

    // A webhook stored before the policy refused its target (or whose name now resolves there):
    // the sender refuses it at delivery and says why.
    const stored = await db.webhook.create({
      data: { projectId: project.id, urlEncrypted: encryptSecret("http://169.254.169.254/latest/meta-data/"), urlHost: "http://169.254.169.254", secretEncrypted: encryptSecret("s".repeat(20)), events: ["run.completed"], createdById: admin.user.id },
      select: { id: true },
    });
    await finishedScan(project.id, tester, []);
    await queueScanNotifications();
    await drainDeliveries({ backoffBaseMs: 0 });
    const [delivery] = await db.notificationDelivery.findMany({ where: { webhookId: stored.id } });
    expect(delivery).toMatchObject({ state: "pending", attempts: 1, lastStatusCode: null });
    expect(delivery!.lastError).toMatch(/^Refused by the network policy: 169\.254\.169\.254 \(169\.254\.169\.254\) is a link-local/);
  });

  it("a receiver SCAN_NETWORK_POLICY blocks gets nothing", async () => {
    const project = await createTestProject(admin.actor);
    const webhook = await callRoute(webhooksRoute.POST, {
      method: "POST",
      path: `/api/v1/projects/${project.id}/webhooks`,
      params: { id: project.id },
      headers: admin.authHeader,
      body: { url: receiverUrl, events: ["run.completed"], secret: "s".repeat(20) },
    });
    expect(webhook.status).toBe(201);
    await finishedScan(project.id, tester, []);
    await queueScanNotifications();
    received.length = 0;
    process.env.SCAN_NETWORK_POLICY = "block 127.0.0.0/8";
    resetEnvCache();
    try {
      await drainDeliveries({ backoffBaseMs: 0 });
    } finally {
      delete process.env.SCAN_NETWORK_POLICY;
      resetEnvCache();
    }
    const [delivery] = await db.notificationDelivery.findMany({ where: { webhookId: webhook.body.id } });
    expect(delivery!.lastError).toBe("Refused by the network policy: 127.0.0.1 (127.0.0.1) is blocked by a rule.");
    expect(received.filter((request) => request.headers["x-clearsight-delivery"] === delivery!.id)).toEqual([]);
    // Allowed again, the same delivery goes through.
    await drainDeliveries({ backoffBaseMs: 0 });
    expect(await db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery!.id }, select: { state: true, attempts: true } })).toEqual({ state: "succeeded", attempts: 2 });
    expect(received.filter((request) => request.headers["x-clearsight-delivery"] === delivery!.id)).toHaveLength(1);
  });
});

describe("email alerts", () => {
  it("send through SMTP_URL to a local SMTP server", async () => {
    const messages: Array<{ from: string; to: string[]; data: string }> = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onAuth(auth, _session, callback) {
        callback(auth.username === "mailer" && auth.password === "smtp-pass-1" ? null : new Error("bad credentials"), { user: auth.username });
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            data: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    smtp.listen(0, "127.0.0.1");
    await once(smtp.server, "listening");
    const port = (smtp.server.address() as AddressInfo).port;
    process.env.SMTP_URL = `smtp://mailer:smtp-pass-1@127.0.0.1:${port}`;
    resetEnvCache();
    try {
      const project = await createTestProject(admin.actor);
      const alert = await callRoute(emailAlertsRoute.POST, {
        method: "POST",
        path: `/api/v1/projects/${project.id}/email-alerts`,
        params: { id: project.id },
        headers: admin.authHeader,
        body: { recipients: ["Team@Example.test", "lead@example.test"], events: ["run.completed"] },
      });
      expect(alert.status).toBe(201);
      const session = await finishedScan(project.id, tester, [{ fingerprint: "fp-mail", impact: "critical" }]);
      await queueScanNotifications();
      await drainDeliveries({ backoffBaseMs: 0 });
      expect(messages).toHaveLength(1);
      expect(messages[0]!.to.sort()).toEqual(["lead@example.test", "team@example.test"]);
      expect(messages[0]!.data).toContain(`Subject: [Clearsight] ${project.name}: Scan completed`);
      expect(messages[0]!.data).toContain("Open violations: 1 (critical 1");
      const [delivery] = await db.notificationDelivery.findMany({ where: { emailAlertId: alert.body.id } });
      expect(delivery).toMatchObject({ state: "succeeded", attempts: 1, event: "run.completed" });
      expect(delivery!.body).toContain(session.id);
    } finally {
      delete process.env.SMTP_URL;
      resetEnvCache();
      smtp.close();
    }
  });
});
