/**
 * Starting and cancelling scans. Starting a scan creates a new run of the session and plans its
 * seed pages as `pending` rows, which is what queues the work for the workers (see claim.ts).
 * Earlier runs and their results are never touched.
 */
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { RunTrigger } from "@/lib/generated/prisma/enums";
import { readEnv } from "@/lib/env";
import { closeRun } from "@/lib/runs/lifecycle";
import { transitionSession } from "@/lib/sessions/lifecycle";
import { isOnSite } from "@/lib/sessions/schema";
import { seedUrls } from "./crawl";
import { finishRunIfIdle } from "./finish";
import { scanOptionsSchema, scanScopeSchema } from "./schema";

export type ScanStartResult = {
  runId: string;
  runNumber: number;
  sessionId: string;
  status: "queued" | "failed";
  pagesPlanned: number;
  failureReason: string | null;
};

/**
 * Who starts a run: a person in the app, a person's API token (`tokenId`), or a schedule
 * (`scheduleId`, acting for the person who made it).
 */
export type ScanStarter = Actor & { tokenId?: string; scheduleId?: string };

function describeStarter(starter: ScanStarter): { actor: Actor; trigger: RunTrigger; triggeredById: string; apiTokenId: string | null; scheduleId: string | null } {
  const actor = { id: starter.id, email: starter.email };
  const trigger: RunTrigger = starter.scheduleId ? "schedule" : starter.tokenId ? "api_token" : "user";
  return { actor, trigger, triggeredById: starter.id, apiTokenId: starter.tokenId ?? null, scheduleId: starter.scheduleId ?? null };
}

/**
 * Queues a new run of the session (from draft, or again after its last run ended). A scope or
 * options value that cannot run records a failed run with the reason, rather than failing the
 * request.
 */
export async function startScan(starter: ScanStarter, sessionId: string): Promise<ScanStartResult> {
  const origin = describeStarter(starter);
  return db.$transaction(async (tx) => {
    const session = await tx.testSession.findUnique({
      where: { id: sessionId },
      select: { approach: true, scope: true, scanOptions: true, project: { select: { primaryUrl: true, status: true } } },
    });
    if (!session) throw notFound("Test session");
    if (session.approach === "manual") {
      throw new AppError("conflict", "A manual session has no automated scan; change its testing approach to automated or hybrid to scan it.", {
        approach: session.approach,
      });
    }
    if (session.project.status === "archived") throw new AppError("conflict", "The project is archived; restore it to run scans.");
    // Locks the session row, so run numbers are handed out one at a time.
    const { from } = await transitionSession(tx, sessionId, "queued");
    const [last] = await tx.$queryRaw<Array<{ number: number }>>`
      SELECT coalesce(max(number), 0)::int AS number FROM scan_runs WHERE session_id = ${sessionId}::uuid`;
    const failureReason = whyScopeCannotRun(session.scope, session.scanOptions, session.project.primaryUrl);
    const seeds = failureReason ? [] : seedUrls(scanScopeSchema.parse(session.scope));
    const run = await tx.scanRun.create({
      data: {
        sessionId,
        number: (last?.number ?? 0) + 1,
        trigger: origin.trigger,
        triggeredById: origin.triggeredById,
        apiTokenId: origin.apiTokenId,
        scheduleId: origin.scheduleId,
        pagesPlanned: seeds.length,
      },
      select: { id: true, number: true },
    });
    const audit = { runId: run.id, runNumber: run.number, trigger: origin.trigger };
    if (failureReason) {
      await closeRun(tx, run.id, sessionId, "failed", failureReason);
      await recordAudit(tx, origin.actor, { action: "session.scan_failed", recordType: "test_session", recordId: sessionId, changes: { ...audit, failureReason } });
      return { runId: run.id, runNumber: run.number, sessionId, status: "failed", pagesPlanned: 0, failureReason };
    }
    await tx.pageResult.createMany({ data: seeds.map((url) => ({ sessionId, runId: run.id, url, depth: 0 })), skipDuplicates: true });
    await recordAudit(tx, origin.actor, {
      action: "session.scan_start",
      recordType: "test_session",
      recordId: sessionId,
      changes: { ...audit, status: { from, to: "queued" }, pagesPlanned: seeds.length },
    });
    return { runId: run.id, runNumber: run.number, sessionId, status: "queued", pagesPlanned: seeds.length, failureReason: null };
  });
}

function whyScopeCannotRun(scopeValue: unknown, optionsValue: unknown, primaryUrl: string): string | null {
  const scope = scanScopeSchema.safeParse(scopeValue);
  if (!scope.success) return `The scope cannot be scanned: ${scope.error.issues.map((issue) => `${issue.path.join(".") || "scope"}: ${issue.message}`).join("; ")}.`;
  const options = scanOptionsSchema.safeParse(optionsValue ?? {});
  if (!options.success) return `The scan options are invalid: ${options.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}.`;
  if (scope.data.startUrl && !isOnSite(scope.data.startUrl, primaryUrl)) {
    return `The start URL ${scope.data.startUrl} is not on the project's site (${primaryUrl}); a crawl only follows the project's own pages.`;
  }
  if (seedUrls(scope.data).length === 0) return "The scope lists no http(s) page to scan.";
  return null;
}

/**
 * Requests cancellation of the session's active run: workers stop taking its pages at once and
 * abandon the ones in flight at their next heartbeat; the run becomes `cancelled` when none is
 * left, keeping the pages already scanned.
 */
export async function cancelScan(actor: Actor, sessionId: string) {
  const runId = await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ status: string }>>`
      SELECT status::text AS status FROM test_sessions WHERE id = ${sessionId}::uuid FOR UPDATE`;
    if (!row) throw notFound("Test session");
    const [run] = await tx.$queryRaw<Array<{ id: string; cancelRequested: boolean }>>`
      SELECT id::text AS id, cancel_requested_at IS NOT NULL AS "cancelRequested" FROM scan_runs
      WHERE session_id = ${sessionId}::uuid AND status IN ('queued', 'running')
      ORDER BY number DESC LIMIT 1 FOR UPDATE`;
    if (!run) throw new AppError("conflict", `A ${row.status} session has no scan to cancel.`, { currentStatus: row.status });
    if (run.cancelRequested) return run.id;
    const now = new Date();
    await tx.scanRun.update({ where: { id: run.id }, data: { cancelRequestedAt: now } });
    await tx.testSession.update({ where: { id: sessionId }, data: { cancelRequestedAt: now } });
    await recordAudit(tx, actor, { action: "session.scan_cancel", recordType: "test_session", recordId: sessionId, changes: { runId: run.id } });
    return run.id;
  });
  const status = await finishRunIfIdle(runId, readEnv().WORKER_LEASE_SECONDS * 1000);
  return { sessionId, runId, status: status ?? "cancelled", cancelRequested: true };
}
