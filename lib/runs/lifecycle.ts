/**
 * A run's status: queued → running → completed | failed | cancelled (a run that cannot start
 * fails straight from queued). The session's own status mirrors its latest run, so every
 * change here also moves the session, in the same transaction.
 */
import type { DbTransaction } from "@/lib/db";
import type { RunStatus } from "@/lib/generated/prisma/enums";
import { transitionSession } from "@/lib/sessions/lifecycle";

export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ["queued", "running"];

/** The run becomes `running` once (whichever worker gets there first); false if it already was. */
export async function markRunRunning(tx: DbTransaction, runId: string, now = new Date()): Promise<{ sessionId: string } | null> {
  const [run] = await tx.$queryRaw<Array<{ status: RunStatus; sessionId: string }>>`
    SELECT status, session_id::text AS "sessionId" FROM scan_runs WHERE id = ${runId}::uuid FOR UPDATE`;
  if (!run || run.status !== "queued") return null;
  await tx.scanRun.update({ where: { id: runId }, data: { status: "running", startedAt: now } });
  await transitionSession(tx, run.sessionId, "running", now);
  return { sessionId: run.sessionId };
}

/**
 * Ends a run: its status, end time, and the counts and engine versions read from its pages
 * and findings (stored, so listing runs never counts findings again).
 */
export async function closeRun(
  tx: DbTransaction,
  runId: string,
  sessionId: string,
  status: Extract<RunStatus, "completed" | "failed" | "cancelled">,
  failureReason: string | null = null,
  now = new Date(),
): Promise<void> {
  await tx.$executeRaw`
    UPDATE scan_runs r SET
      status = ${status}::"RunStatus",
      completed_at = ${now},
      failure_reason = coalesce(${failureReason}, r.failure_reason),
      pages_planned = (SELECT count(*) FROM page_results p WHERE p.run_id = r.id),
      pages_done = (SELECT count(*) FROM page_results p WHERE p.run_id = r.id AND p.state = 'done'),
      pages_failed = (SELECT count(*) FROM page_results p WHERE p.run_id = r.id AND p.state = 'error'),
      violations = (SELECT count(*) FROM violations v WHERE v.run_id = r.id AND v.kind = 'violation'),
      needs_review = (SELECT count(*) FROM violations v WHERE v.run_id = r.id AND v.kind = 'needs_review'),
      engine_versions = coalesce((SELECT jsonb_object_agg(e.engine, e.version) FROM (
                          SELECT u.engine, max(u.version) AS version FROM (
                            SELECT p.engine, p.engine_version AS version FROM page_results p WHERE p.run_id = r.id AND p.engine IS NOT NULL
                            UNION ALL
                            SELECT kv.key, kv.value FROM page_results p CROSS JOIN jsonb_each_text(p.engines) kv WHERE p.run_id = r.id
                          ) u GROUP BY u.engine) e), '{}'::jsonb),
      updated_at = ${now}
    WHERE r.id = ${runId}::uuid`;
  await transitionSession(tx, sessionId, status, now);
  if (failureReason) await tx.testSession.update({ where: { id: sessionId }, data: { failureReason } });
}
