/**
 * The scan queue is the page_results table itself: a `pending` row of a queued or running run
 * is a job. Workers claim rows with FOR UPDATE SKIP LOCKED and hold them with a lease (state
 * `scanning`, updated_at renewed by a heartbeat). `attempts` doubles as the fencing token: a
 * result is written only if the row is still `scanning` under the same attempt, in the one
 * transaction that stores the findings (record-page.ts), so a page whose worker died (kill -9)
 * is retried by another worker after the lease expires and is never recorded twice.
 *
 * What a worker runs for every page (claim, lease renewal, storing the result, the idle check)
 * is plain SQL on the pg pool under Prisma (see sqlPool in lib/db.ts), each a single statement.
 */
import { db, sqlPool } from "@/lib/db";
import type { RunStatus } from "@/lib/generated/prisma/enums";

/** A worker that dies this many times on the same page gets the page recorded as an error. */
export const MAX_ATTEMPTS = 3;

export type ClaimedPage = {
  id: string;
  runId: string;
  sessionId: string;
  url: string;
  depth: number;
  attempt: number;
  /** The run's status when the page was claimed (a new run starts queued). */
  runStatus: RunStatus;
};

export class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

export const seconds = (ms: number) => ms / 1000;

/** Takes the next page to scan, or null when there is none. */
export async function claimPage(leaseMs: number): Promise<ClaimedPage | null> {
  const { rows } = await sqlPool().query<ClaimedPage>(
    `WITH candidate AS (
       SELECT p.id
       FROM page_results p
       JOIN scan_runs r ON r.id = p.run_id
       WHERE r.status IN ('queued', 'running')
         AND r.cancel_requested_at IS NULL
         AND (p.state = 'pending'
              OR (p.state = 'scanning' AND p.attempts < $1
                  AND p.updated_at < now() - make_interval(secs => $2)))
       ORDER BY p.depth, p.created_at, p.id
       LIMIT 1
       FOR UPDATE OF p SKIP LOCKED
     )
     UPDATE page_results p
     SET state = 'scanning', attempts = p.attempts + 1, updated_at = now()
     FROM candidate, scan_runs r
     WHERE p.id = candidate.id AND r.id = p.run_id
     RETURNING p.id::text AS id, p.run_id::text AS "runId", p.session_id::text AS "sessionId", p.url, p.depth,
               p.attempts AS attempt, r.status AS "runStatus"`,
    [MAX_ATTEMPTS, seconds(leaseMs)],
  );
  return rows[0] ?? null;
}

/** Renews the lease; tells the worker to stop if the lease was lost or a cancel was requested. */
export async function renewLease(page: ClaimedPage): Promise<"ok" | "lost" | "cancelled"> {
  const { rows } = await sqlPool().query<{ cancelled: boolean }>(
    `UPDATE page_results p SET updated_at = now()
     FROM scan_runs r
     WHERE p.id = $1 AND p.state = 'scanning' AND p.attempts = $2 AND r.id = p.run_id
     RETURNING r.cancel_requested_at IS NOT NULL AS cancelled`,
    [page.id, page.attempt],
  );
  const row = rows[0];
  if (!row) return "lost";
  return row.cancelled ? "cancelled" : "ok";
}

/**
 * Gives a page back unscanned: dropped when its run is being cancelled (it was never scanned,
 * so no result is lost), returned to the queue without using up an attempt when the worker
 * shuts down.
 */
export async function releasePage(page: ClaimedPage, reason: "cancelled" | "shutdown"): Promise<void> {
  if (reason === "cancelled") {
    await db.pageResult.deleteMany({ where: { id: page.id, state: "scanning", attempts: page.attempt } });
  } else {
    await db.$executeRaw`
      UPDATE page_results SET state = 'pending', attempts = attempts - 1, updated_at = now()
      WHERE id = ${page.id}::uuid AND state = 'scanning' AND attempts = ${page.attempt}`;
  }
}
