/**
 * Ending runs from the queue's side: a queued run starts running when a worker claims its first
 * page, completes when all its pages are scanned (or fails, when a failure such as a sign-in
 * that could not be made was recorded on it meanwhile), and is cancelled (on request) once
 * nothing of it is being scanned any more. Safe to call from any worker at any time.
 */
import { recordAudit } from "@/lib/audit/record";
import { db, sqlPool } from "@/lib/db";
import type { RunStatus } from "@/lib/generated/prisma/enums";
import { closeRun, markRunRunning } from "@/lib/runs/lifecycle";
import { seconds } from "./claim";

/** The queued run of a claimed page starts running (once, whichever worker gets there first). */
export async function startRunIfQueued(runId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const started = await markRunRunning(tx, runId);
    if (started) {
      await recordAudit(tx, null, { action: "session.scan_running", recordType: "test_session", recordId: started.sessionId, changes: { runId } });
    }
  });
}

/**
 * Completes a running run whose pages are all scanned, or cancels one whose cancel was
 * requested once nothing is being scanned any more (pages never started are dropped, pages
 * already scanned are kept).
 */
export async function finishRunIfIdle(runId: string, leaseMs: number): Promise<RunStatus | undefined> {
  // The common case, mid-scan: one cheap read instead of a locking transaction.
  const {
    rows: [quick],
  } = await sqlPool().query<{ busy: boolean }>(
    `SELECT r.cancel_requested_at IS NULL
            AND EXISTS (SELECT 1 FROM page_results p WHERE p.run_id = r.id AND p.state IN ('pending', 'scanning')) AS busy
     FROM scan_runs r WHERE r.id = $1`,
    [runId],
  );
  if (!quick || quick.busy) return undefined;
  return db.$transaction(async (tx) => {
    const [run] = await tx.$queryRaw<Array<{ status: RunStatus; sessionId: string; cancelRequested: boolean; failureReason: string | null }>>`
      SELECT status, session_id::text AS "sessionId", cancel_requested_at IS NOT NULL AS "cancelRequested", failure_reason AS "failureReason"
      FROM scan_runs WHERE id = ${runId}::uuid FOR UPDATE`;
    if (!run || (run.status !== "queued" && run.status !== "running")) return run?.status;
    const [counts = { open: 0, live: 0 }] = await tx.$queryRaw<Array<{ open: number; live: number }>>`
      SELECT count(*) FILTER (WHERE state IN ('pending', 'scanning'))::int AS open,
             count(*) FILTER (WHERE state = 'scanning' AND updated_at >= now() - make_interval(secs => ${seconds(leaseMs)}))::int AS live
      FROM page_results WHERE run_id = ${runId}::uuid`;
    if (run.cancelRequested) {
      if (counts.live > 0) return run.status;
      // Queue entries never scanned: dropping them loses no result (the audit event counts them).
      const dropped = await tx.pageResult.deleteMany({ where: { runId, state: { in: ["pending", "scanning"] } } });
      await closeRun(tx, runId, run.sessionId, "cancelled");
      await recordAudit(tx, null, {
        action: "session.scan_cancelled",
        recordType: "test_session",
        recordId: run.sessionId,
        changes: { runId, unscannedPagesDropped: dropped.count },
      });
      return "cancelled";
    }
    if (run.status !== "running" || counts.open > 0) return run.status;
    // Failed meanwhile (signed-in-scan.ts failRunSignIn, audited there): it ends failed now that no page is in flight.
    if (run.failureReason !== null) {
      await closeRun(tx, runId, run.sessionId, "failed", run.failureReason);
      return "failed";
    }
    await closeRun(tx, runId, run.sessionId, "completed");
    await recordAudit(tx, null, { action: "session.scan_completed", recordType: "test_session", recordId: run.sessionId, changes: { runId } });
    return "completed";
  });
}
