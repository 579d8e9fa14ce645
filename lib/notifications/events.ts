/**
 * Turns finished scans into deliveries. Any worker may run this: inserting the scan's
 * notified_scans row is the claim (its key is the primary key), in the same transaction as the
 * deliveries, so each finished scan is announced exactly once, or not at all if the
 * transaction fails and the next pass retries it.
 */
import { randomUUID } from "node:crypto";
import { db, type DbTransaction } from "@/lib/db";
import { readEnv } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { NO_RUN } from "@/lib/runs/queries";
import type { NotificationEvent } from "./schema";

/** Enough to tell "new" from "seen before" for any realistic site; the rest count but are not listed. */
const MAX_FINGERPRINTS = 5_000;
const MAX_LISTED_ISSUES = 50;

type FinishedScan = {
  runKey: string;
  sessionId: string;
  sessionName: string;
  projectId: string;
  projectName: string;
  status: "completed" | "failed";
  finishedAt: Date;
  failureReason: string | null;
};

export type ScanSummary = {
  open: Record<"critical" | "serious" | "moderate" | "minor" | "total", number>;
  pagesScanned: number;
  seriousFingerprints: string[];
};

type Target = { id: string; kind: "webhook" | "email"; events: string[]; threshold: number | null };

/** Queues the notifications of every scan that finished since the last pass; returns how many scans. */
export async function queueScanNotifications(): Promise<number> {
  const finished = await db.$queryRaw<FinishedScan[]>`
    SELECT s.id::text || '@' || to_char(s.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "runKey",
           s.id::text AS "sessionId", s.name AS "sessionName", s.project_id::text AS "projectId", p.name AS "projectName",
           s.status::text AS status, s.completed_at AS "finishedAt", s.failure_reason AS "failureReason"
    FROM test_sessions s JOIN projects p ON p.id = s.project_id
    WHERE s.status IN ('completed', 'failed') AND s.completed_at > now() - interval '1 day'
      AND (EXISTS (SELECT 1 FROM webhooks w WHERE w.project_id = s.project_id AND w.enabled AND w.created_at <= s.completed_at)
           OR EXISTS (SELECT 1 FROM email_alerts e WHERE e.project_id = s.project_id AND e.enabled AND e.created_at <= s.completed_at))
      AND NOT EXISTS (
        SELECT 1 FROM notified_scans n
        WHERE n.run_key = s.id::text || '@' || to_char(s.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    ORDER BY s.completed_at LIMIT 20`;
  let queued = 0;
  for (const scan of finished) if (await db.$transaction((tx) => queueForScan(tx, scan))) queued += 1;
  return queued;
}

/** The finished scan's numbers: its session's latest run. */
async function summarise(tx: DbTransaction, sessionId: string): Promise<ScanSummary> {
  const [latest] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text FROM scan_runs WHERE session_id = ${sessionId}::uuid ORDER BY number DESC LIMIT 1`;
  const runId = latest?.id ?? NO_RUN;
  const rows = await tx.$queryRaw<Array<{ impact: string | null; count: number }>>`
    SELECT impact::text, count(*)::int AS count FROM violations
    WHERE run_id = ${runId}::uuid AND kind = 'violation' AND status IN ('open', 'confirmed')
    GROUP BY impact`;
  const open = { critical: 0, serious: 0, moderate: 0, minor: 0, total: 0 };
  for (const row of rows) {
    if (row.impact && row.impact in open) open[row.impact as keyof typeof open] += row.count;
    open.total += row.count;
  }
  const [pages] = await tx.$queryRaw<Array<{ count: number }>>`
    SELECT count(*)::int AS count FROM page_results WHERE run_id = ${runId}::uuid AND state = 'done'`;
  const serious = await tx.$queryRaw<Array<{ fingerprint: string }>>`
    SELECT DISTINCT fingerprint FROM violations
    WHERE run_id = ${runId}::uuid AND kind = 'violation' AND status IN ('open', 'confirmed')
      AND impact IN ('serious', 'critical') AND fingerprint IS NOT NULL
    ORDER BY fingerprint LIMIT ${MAX_FINGERPRINTS}`;
  return { open, pagesScanned: pages?.count ?? 0, seriousFingerprints: serious.map((row) => row.fingerprint) };
}

async function queueForScan(tx: DbTransaction, scan: FinishedScan): Promise<boolean> {
  const summary = await summarise(tx, scan.sessionId);
  const claimed = await tx.$executeRaw`
    INSERT INTO notified_scans (run_key, project_id, session_id, summary)
    VALUES (${scan.runKey}, ${scan.projectId}::uuid, ${scan.sessionId}::uuid, ${JSON.stringify(summary)}::jsonb)
    ON CONFLICT (run_key) DO NOTHING`;
  if (claimed !== 1) return false;
  const previous = await tx.notifiedScan.findFirst({
    where: { sessionId: scan.sessionId, runKey: { not: scan.runKey } },
    orderBy: { createdAt: "desc" },
    select: { summary: true },
  });
  const before = previous?.summary as ScanSummary | undefined;

  const seen = new Set(before?.seriousFingerprints ?? []);
  const newFingerprints = scan.status === "completed" ? summary.seriousFingerprints.filter((fingerprint) => !seen.has(fingerprint)) : [];
  const newIssues =
    newFingerprints.length > 0
      ? await tx.violation.findMany({
          where: { sessionId: scan.sessionId, fingerprint: { in: newFingerprints.slice(0, MAX_LISTED_ISSUES) } },
          select: { ruleId: true, impact: true, fingerprint: true, selector: true, help: true, pageResult: { select: { url: true } } },
          distinct: ["fingerprint"],
        })
      : [];

  const targets: Target[] = [
    ...(await tx.webhook.findMany({ where: { projectId: scan.projectId, enabled: true, createdAt: { lte: scan.finishedAt } }, select: { id: true, events: true, threshold: true } })).map(
      (webhook) => ({ ...webhook, kind: "webhook" as const }),
    ),
    ...(await tx.emailAlert.findMany({ where: { projectId: scan.projectId, enabled: true, createdAt: { lte: scan.finishedAt } }, select: { id: true, events: true, threshold: true } })).map(
      (alert) => ({ ...alert, kind: "email" as const }),
    ),
  ];

  const appUrl = readEnv().NEXTAUTH_URL;
  const base = {
    project: { id: scan.projectId, name: scan.projectName },
    session: { id: scan.sessionId, name: scan.sessionName },
    run: { key: scan.runKey, status: scan.status, finishedAt: scan.finishedAt.toISOString(), failureReason: scan.failureReason },
    counts: { open: summary.open, pagesScanned: summary.pagesScanned },
    ...(appUrl ? { links: { results: new URL(`/sessions/${scan.sessionId}/results`, appUrl).toString() } } : {}),
  };

  const deliveries: Prisma.NotificationDeliveryCreateManyInput[] = [];
  for (const target of targets) {
    const events: Array<[NotificationEvent, Record<string, unknown>]> = [];
    if (scan.status === "completed") events.push(["run.completed", {}]);
    if (scan.status === "failed") events.push(["run.failed", {}]);
    if (newFingerprints.length > 0) {
      events.push([
        "issues.new_serious",
        {
          newSerious: {
            count: newFingerprints.length,
            issues: newIssues.map((issue) => ({ ruleId: issue.ruleId, impact: issue.impact, fingerprint: issue.fingerprint, url: issue.pageResult.url, selector: issue.selector, help: issue.help })),
          },
        },
      ]);
    }
    if (target.threshold !== null && scan.status === "completed") {
      const previousTotal = before?.open.total ?? 0;
      const above = summary.open.total > target.threshold;
      const wasAbove = previousTotal > target.threshold;
      if (above !== wasAbove) {
        events.push(["threshold.crossed", { threshold: { openViolations: target.threshold, previous: previousTotal, current: summary.open.total, direction: above ? "above" : "below" } }]);
      }
    }
    for (const [event, details] of events) {
      if (!target.events.includes(event)) continue;
      const id = randomUUID();
      const body = JSON.stringify({ id, event, createdAt: new Date().toISOString(), ...base, ...details });
      deliveries.push({ id, event, body, ...(target.kind === "webhook" ? { webhookId: target.id } : { emailAlertId: target.id }) });
    }
  }
  if (deliveries.length > 0) await tx.notificationDelivery.createMany({ data: deliveries });
  return true;
}
