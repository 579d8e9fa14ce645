/**
 * A worker's heartbeat row in scan_workers: written when it starts, every few seconds while it
 * runs, and removed when it stops cleanly, so the queue view can list the workers alive. Rows of
 * workers that died (kill -9, a lost machine) stay, with their last heartbeat, for a day.
 */
import { hostname } from "node:os";
import { sqlPool } from "@/lib/db";

export const HEARTBEAT_MS = 5_000;

export async function beat(worker: { id: string; concurrency: number; pagesRecorded: number }): Promise<void> {
  await sqlPool().query(
    `INSERT INTO scan_workers (id, hostname, pid, concurrency, pages_recorded, started_at, last_heartbeat_at)
     VALUES ($1, $2, $3, $4, $5, now(), now())
     ON CONFLICT (id) DO UPDATE SET pages_recorded = EXCLUDED.pages_recorded, last_heartbeat_at = now()`,
    [worker.id, hostname(), process.pid, worker.concurrency, worker.pagesRecorded],
  );
}

export async function endHeartbeat(workerId: string): Promise<void> {
  await sqlPool().query("DELETE FROM scan_workers WHERE id = $1", [workerId]);
}

/** Forgets workers silent for a day: long enough to see that one died, short enough not to pile up. */
export async function forgetSilentWorkers(): Promise<void> {
  await sqlPool().query("DELETE FROM scan_workers WHERE last_heartbeat_at < now() - interval '1 day'");
}
