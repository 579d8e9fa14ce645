/**
 * The scan queue at a glance, for /api/health and the admin queue page: pages pending and
 * running, the oldest waiting page, and the workers with their last heartbeat. Counted through
 * the runs that are queued or running (few), so the page table's size does not matter.
 */
import type pg from "pg";
import { sqlPool } from "@/lib/db";
import { readEnv } from "@/lib/env";

export type QueueWorker = {
  id: string;
  hostname: string;
  pid: number;
  concurrency: number;
  pagesRecorded: number;
  startedAt: string;
  lastHeartbeat: string;
  /** Heartbeat within a worker lease. */
  alive: boolean;
};

export type QueueView = {
  /** Pages waiting for a worker. */
  pending: number;
  /** Pages a worker is scanning now. */
  running: number;
  oldestWaitingPage: { url: string; runId: string; sessionId: string; since: string; waitingSeconds: number } | null;
  /** Every worker seen in the last day, newest heartbeat first. */
  workers: QueueWorker[];
};

type Queryable = Pick<pg.Pool, "query"> | Pick<pg.ClientBase, "query">;

export async function readQueue(client: Queryable, leaseSeconds: number): Promise<QueueView> {
  const [counts, oldest, workers] = await Promise.all([
    client.query<{ pending: number; running: number }>(
      `SELECT count(*) FILTER (WHERE p.state = 'pending' AND r.cancel_requested_at IS NULL)::int AS pending,
              count(*) FILTER (WHERE p.state = 'scanning')::int AS running
       FROM scan_runs r JOIN page_results p ON p.run_id = r.id AND p.state IN ('pending', 'scanning')
       WHERE r.status IN ('queued', 'running')`,
    ),
    client.query<{ url: string; runId: string; sessionId: string; since: Date; waitingSeconds: number }>(
      `SELECT p.url, p.run_id::text AS "runId", p.session_id::text AS "sessionId", p.updated_at AS since,
              greatest(0, extract(epoch FROM now() - p.updated_at))::int AS "waitingSeconds"
       FROM scan_runs r JOIN page_results p ON p.run_id = r.id AND p.state = 'pending'
       WHERE r.status IN ('queued', 'running') AND r.cancel_requested_at IS NULL
       ORDER BY p.updated_at LIMIT 1`,
    ),
    client.query<{ id: string; hostname: string; pid: number; concurrency: number; pagesRecorded: number; startedAt: Date; lastHeartbeat: Date; alive: boolean }>(
      `SELECT id, hostname, pid, concurrency, pages_recorded AS "pagesRecorded", started_at AS "startedAt", last_heartbeat_at AS "lastHeartbeat",
              last_heartbeat_at >= now() - make_interval(secs => $1) AS alive
       FROM scan_workers ORDER BY last_heartbeat_at DESC LIMIT 100`,
      [leaseSeconds],
    ),
  ]);
  const first = oldest.rows[0];
  const list = workers.rows.map((row) => ({ ...row, startedAt: row.startedAt.toISOString(), lastHeartbeat: row.lastHeartbeat.toISOString() }));
  return {
    pending: counts.rows[0]?.pending ?? 0,
    running: counts.rows[0]?.running ?? 0,
    oldestWaitingPage: first ? { ...first, since: first.since.toISOString() } : null,
    workers: list,
  };
}

/** The queue as the admin queue page shows it. */
export async function getQueueView(): Promise<QueueView> {
  return readQueue(sqlPool(), readEnv().WORKER_LEASE_SECONDS);
}
