import { z } from "zod";
import { defineOperations, idAndName, nullableTimestamp, pageOf, timestamp } from "@/lib/api/operation";
import { uuidParams } from "@/lib/api/params";
import { createEmailAlertSchema, createWebhookSchema, listDeliveriesQuerySchema, NOTIFICATION_EVENTS, updateWebhookSchema } from "@/lib/notifications/schema";
import { createScheduleSchema, updateScheduleSchema } from "@/lib/schedules/schema";
import { trendsQuerySchema } from "@/lib/trends/schema";

const id = uuidParams("id");
const deleted = z.object({ id: z.uuid(), deleted: z.literal(true) });

const schedule = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  sessionId: z.uuid(),
  cron: z.string(),
  timezone: z.string(),
  enabled: z.boolean(),
  description: z.string().describe('The expression in words, e.g. "Weekly on Monday at 06:00".'),
  nextRunAt: nullableTimestamp,
  lastRunAt: nullableTimestamp,
  lastError: z.string().nullable().describe("Why the last tick started no scan; null when it did."),
  createdAt: timestamp,
  updatedAt: timestamp,
  session: idAndName,
  createdBy: idAndName,
});

const events = z.array(z.enum(NOTIFICATION_EVENTS));
const webhook = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  urlHost: z.string().describe("Scheme and host of the URL; the URL and the secret are write-only."),
  events,
  threshold: z.int().nullable(),
  enabled: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
  createdBy: idAndName,
});
const emailAlert = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  recipients: z.array(z.string()),
  events,
  threshold: z.int().nullable(),
  enabled: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
  createdBy: idAndName,
});
const delivery = z.object({
  id: z.uuid(),
  event: z.enum(NOTIFICATION_EVENTS),
  state: z.enum(["pending", "succeeded", "failed"]),
  attempts: z.int(),
  nextAttemptAt: timestamp,
  lastStatusCode: z.int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: nullableTimestamp,
  createdAt: timestamp,
});
const impacts = z.object({ critical: z.int(), serious: z.int(), moderate: z.int(), minor: z.int(), total: z.int() });
const trends = z.object({
  projectId: z.uuid(),
  criteria: z.array(z.string()),
  points: z.array(
    z.object({
      runId: z.uuid(),
      runNumber: z.int(),
      sessionId: z.uuid(),
      sessionName: z.string(),
      completedAt: timestamp,
      pagesScanned: z.int(),
      score: z.int().min(0).max(100).nullable().describe("The scan score (0-100, higher is better; README \"How results are scored\"); null when no page was scanned."),
      open: impacts,
      byCriterion: z.record(z.string(), z.int()),
      newIssues: z.int(),
      fixedIssues: z.int(),
    }),
  ),
});

export const monitoringOperations = defineOperations({
  "GET /api/v1/projects/{id}/schedules": {
    tag: "Schedules",
    summary: "List a project's scan schedules",
    permission: "projects:read",
    params: id,
    response: { status: 200, description: "The schedules, oldest first.", schema: z.object({ items: z.array(schedule) }) },
  },
  "POST /api/v1/projects/{id}/schedules": {
    tag: "Schedules",
    summary: "Schedule scans of a session",
    description: "A five-field cron expression read in an IANA time zone (default UTC). Every worker runs the scheduler; each tick starts one run, triggered by \"schedule\".",
    permission: "schedules:write",
    params: id,
    body: createScheduleSchema,
    response: { status: 201, description: "The schedule, with its next run.", schema: schedule },
    errors: ["conflict"],
  },
  "GET /api/v1/schedules/{id}": {
    tag: "Schedules",
    summary: "Read a schedule",
    permission: "projects:read",
    params: id,
    response: { status: 200, description: "The schedule.", schema: schedule },
  },
  "PATCH /api/v1/schedules/{id}": {
    tag: "Schedules",
    summary: "Change a schedule's cron, time zone or enabled state",
    permission: "schedules:write",
    params: id,
    body: updateScheduleSchema,
    response: { status: 200, description: "The schedule, with its next run recomputed.", schema: schedule },
  },
  "DELETE /api/v1/schedules/{id}": {
    tag: "Schedules",
    summary: "Delete a schedule (the session and its runs stay)",
    permission: "schedules:write",
    params: id,
    response: { status: 200, description: "The schedule was deleted.", schema: deleted },
  },
  "GET /api/v1/projects/{id}/webhooks": {
    tag: "Notifications",
    summary: "List a project's webhooks",
    permission: "notifications:manage",
    params: id,
    response: { status: 200, description: "The webhooks, shown by host.", schema: z.object({ items: z.array(webhook) }) },
  },
  "POST /api/v1/projects/{id}/webhooks": {
    tag: "Notifications",
    summary: "Add a webhook",
    description:
      "Each delivery is a JSON POST whose X-Clearsight-Signature-256 header is the hex HMAC-SHA256 of the raw body under `secret`; X-Clearsight-Event and X-Clearsight-Delivery name it. Failures are retried with backoff (6 attempts).",
    permission: "notifications:manage",
    params: id,
    body: createWebhookSchema,
    response: { status: 201, description: "The webhook (URL and secret are never returned).", schema: webhook },
    errors: ["conflict"],
  },
  "PATCH /api/v1/webhooks/{id}": {
    tag: "Notifications",
    summary: "Change a webhook (URL, secret, events, threshold, enabled)",
    permission: "notifications:manage",
    params: id,
    body: updateWebhookSchema,
    response: { status: 200, description: "The webhook.", schema: webhook },
  },
  "DELETE /api/v1/webhooks/{id}": {
    tag: "Notifications",
    summary: "Delete a webhook and its delivery log",
    permission: "notifications:manage",
    params: id,
    response: { status: 200, description: "The webhook was deleted.", schema: deleted },
  },
  "GET /api/v1/webhooks/{id}/deliveries": {
    tag: "Notifications",
    summary: "A webhook's deliveries, newest first",
    permission: "notifications:manage",
    params: id,
    query: listDeliveriesQuerySchema,
    response: { status: 200, description: "A page of deliveries with their state, attempts and last status code.", schema: pageOf(delivery) },
  },
  "GET /api/v1/projects/{id}/email-alerts": {
    tag: "Notifications",
    summary: "List a project's email alerts",
    permission: "notifications:manage",
    params: id,
    response: { status: 200, description: "The email alerts.", schema: z.object({ items: z.array(emailAlert) }) },
  },
  "POST /api/v1/projects/{id}/email-alerts": {
    tag: "Notifications",
    summary: "Add an email alert (sent through SMTP_URL)",
    permission: "notifications:manage",
    params: id,
    body: createEmailAlertSchema,
    response: { status: 201, description: "The email alert.", schema: emailAlert },
    errors: ["conflict"],
  },
  "DELETE /api/v1/email-alerts/{id}": {
    tag: "Notifications",
    summary: "Delete an email alert",
    permission: "notifications:manage",
    params: id,
    response: { status: 200, description: "The email alert was deleted.", schema: deleted },
  },
  "GET /api/v1/projects/{id}/trends": {
    tag: "Projects",
    summary: "Trend series over the project's completed runs",
    description: "Open violations by impact and by criterion, pages scanned, new and fixed issues per run (oldest first). format=csv downloads the same series.",
    permission: "results:read",
    params: id,
    query: trendsQuerySchema,
    response: { status: 200, description: "The series (JSON), or the CSV file.", schema: trends },
  },
});
