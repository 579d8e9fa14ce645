/**
 * Housekeeping any worker runs now and then: pages whose workers died MAX_ATTEMPTS times are
 * recorded as errors, and runs left finished or cancelled by a dead worker are closed.
 */
import { db } from "@/lib/db";
import { describeError, logger } from "@/lib/logger";
import { MAX_ATTEMPTS, seconds } from "./claim";
import { finishRunIfIdle } from "./finish";

export async function sweepScans(leaseMs: number): Promise<void> {
  await db.$executeRaw`
    UPDATE page_results
    SET state = 'error', updated_at = now(), scanned_at = now(),
        error = 'The worker scanning this page stopped responding ' || attempts || ' times; giving up on this page.'
    WHERE state = 'scanning' AND attempts >= ${MAX_ATTEMPTS}
      AND updated_at < now() - make_interval(secs => ${seconds(leaseMs)})`;
  const runs = await db.$queryRaw<Array<{ id: string }>>`
    SELECT r.id::text AS id FROM scan_runs r
    WHERE r.status IN ('queued', 'running')
      AND (r.cancel_requested_at IS NOT NULL
           OR (r.status = 'running' AND NOT EXISTS (
                 SELECT 1 FROM page_results p WHERE p.run_id = r.id AND p.state IN ('pending', 'scanning'))))`;
  // One run that cannot be closed (its session moved on by hand, say) must not stop the others'.
  for (const run of runs) {
    try {
      await finishRunIfIdle(run.id, leaseMs);
    } catch (error) {
      logger.error("sweep: could not close a run", { runId: run.id, ...describeError(error) });
    }
  }
}
