/**
 * The retention pass every worker process runs now and then. One process prunes at a time (a
 * PostgreSQL advisory lock); the others skip the pass. Rows go in small batches, each its own
 * statement, with a pause after each, so pruning a million findings never holds locks long. The
 * pause adapts to the queue: while any scan is queued or running it is four times as long as
 * the batch took (the pruner takes a fifth of one core's time at most, so scans keep their
 * pace on a small machine); with no scan it is a quarter, to finish sooner. An emptied
 * run's row goes right after its contents. Per project, a `retention.prune` audit event counts
 * what the pass removed and names the runs. Which runs go is decided by ./plan.ts.
 */
import type pg from "pg";
import { recordAudit } from "@/lib/audit/record";
import { db, queryRows, sqlPool } from "@/lib/db";
import { describeError, logger } from "@/lib/logger";
import { planRetentionSql, type PlannedRun } from "./plan";

/** Any fixed number, the same in every process: the key of the pruner's advisory lock. */
const LOCK_KEY = 1_802_018;

export type PruneCounts = { runs: number; pageResults: number; violations: number; screenshots: number; screenshotRuns: number };

export type ProjectPruned = PruneCounts & { projectId: string };

export type PruneResult = { skipped: boolean; projects: ProjectPruned[]; ms: number };

export type PruneOptions = {
  now?: Date;
  /** Only these projects (default: all). */
  projectIds?: string[];
  /** Rows deleted per statement. */
  batchSize?: number;
  /** Pause after each batch while scans are queued or running, as a multiple of the time the batch took (0: no pause). */
  pauseRatio?: number;
  /** The same with no scan in the queue. */
  idlePauseRatio?: number;
  /** Stops between batches (what is deleted so far is still audited). */
  signal?: AbortSignal;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deletes `table`'s rows of the run, `batchSize` at a time; returns how many went. */
type BatchOptions = { batchSize: number; pause: (batchMs: number) => Promise<void>; signal?: AbortSignal };

/** Pauses after a batch: longer while scans are active (looked up at most every 2 s). */
function pacer(pool: pg.Pool, busyRatio: number, idleRatio: number): (batchMs: number) => Promise<void> {
  let busy = true;
  let checkedAt = 0;
  return async (batchMs) => {
    if (performance.now() - checkedAt > 2_000) {
      const { rows } = await pool.query<{ busy: boolean }>("SELECT EXISTS (SELECT 1 FROM scan_runs WHERE status IN ('queued', 'running')) AS busy");
      busy = rows[0]?.busy ?? true;
      checkedAt = performance.now();
    }
    const ms = batchMs * (busy ? busyRatio : idleRatio);
    if (ms > 0) await sleep(ms);
  };
}

async function deleteInBatches(pool: pg.Pool, table: "screenshots" | "violations" | "page_results", runId: string, options: BatchOptions): Promise<number> {
  let total = 0;
  for (;;) {
    if (options.signal?.aborted) return total;
    const started = performance.now();
    const { rowCount } = await pool.query(`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE run_id = $1::uuid LIMIT $2)`, [runId, options.batchSize]);
    const removed = rowCount ?? 0;
    total += removed;
    if (removed < options.batchSize) return total;
    await options.pause(performance.now() - started);
  }
}

async function pruneProject(projectId: string, runs: PlannedRun[], options: BatchOptions): Promise<ProjectPruned> {
  const pool = sqlPool();
  const counts: PruneCounts = { runs: 0, pageResults: 0, violations: 0, screenshots: 0, screenshotRuns: 0 };
  const removed: Array<{ sessionId: string; number: number }> = [];
  const unpictured: PlannedRun[] = [];
  for (const run of runs) {
    if (options.signal?.aborted) break;
    counts.screenshots += await deleteInBatches(pool, "screenshots", run.runId, options);
    if (!run.removeRun) {
      unpictured.push(run);
      continue;
    }
    counts.violations += await deleteInBatches(pool, "violations", run.runId, options);
    counts.pageResults += await deleteInBatches(pool, "page_results", run.runId, options);
    // The emptied run's row, on its own: one statement, so no transaction spans the pass. A run
    // that became its session's latest meanwhile (a newer one was deleted) stays, empty.
    const { rows } = await pool.query<{ sessionId: string; number: number }>(
      `DELETE FROM scan_runs r WHERE r.id = $1::uuid AND r.status NOT IN ('queued', 'running')
         AND EXISTS (SELECT 1 FROM scan_runs n WHERE n.session_id = r.session_id AND n.number > r.number)
       RETURNING r.session_id::text AS "sessionId", r.number`,
      [run.runId],
    );
    removed.push(...rows);
  }
  counts.runs = removed.length;
  // What the pass removed, counted as it went, is recorded with the screenshot markers. (A
  // process killed mid-pass leaves its removals so far without an event; the next pass goes on.)
  await db.$transaction(async (tx) => {
    counts.screenshotRuns = unpictured.length === 0 ? 0 : await tx.$executeRaw`
      UPDATE scan_runs SET screenshots_pruned_at = now(), updated_at = now()
      WHERE id = ANY(${unpictured.map((run) => run.runId)}::uuid[]) AND screenshots_pruned_at IS NULL`;
    if (counts.runs + counts.pageResults + counts.violations + counts.screenshots + counts.screenshotRuns === 0) return;
    await recordAudit(tx, null, {
      action: "retention.prune",
      recordType: "project",
      recordId: projectId,
      changes: {
        removed: counts,
        // Enough to say which runs went; a first pass over years of history can remove thousands.
        runs: removed.slice(0, 200),
      },
    });
  });
  return { projectId, ...counts };
}

/** One retention pass over every project (or none, when another process is pruning). */
export async function pruneRetention(options: PruneOptions = {}): Promise<PruneResult> {
  const started = performance.now();
  const settings: BatchOptions = {
    batchSize: options.batchSize ?? 2_000,
    pause: pacer(sqlPool(), options.pauseRatio ?? 4, options.idlePauseRatio ?? 0.25),
    signal: options.signal,
  };
  const lockClient = await sqlPool().connect();
  try {
    const { rows } = await lockClient.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [LOCK_KEY]);
    if (!rows[0]?.locked) return { skipped: true, projects: [], ms: performance.now() - started };
    try {
      const planned = await queryRows<PlannedRun>(planRetentionSql({ now: options.now ?? new Date(), projectIds: options.projectIds }));
      const byProject = new Map<string, PlannedRun[]>();
      for (const run of planned) {
        const list = byProject.get(run.projectId);
        if (list) list.push(run);
        else byProject.set(run.projectId, [run]);
      }
      const projects: ProjectPruned[] = [];
      for (const [projectId, runs] of byProject) {
        if (settings.signal?.aborted) break;
        projects.push(await pruneProject(projectId, runs, settings));
      }
      return { skipped: false, projects, ms: performance.now() - started };
    } finally {
      await lockClient.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
    }
  } finally {
    lockClient.release();
  }
}

/** Runs a retention pass now and every `intervalMs` until stopped. */
export function startRetention(options: { intervalMs: number; firstDelayMs?: number }): { stop: () => Promise<void> } {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });
  const loop = (async () => {
    await pause(options.firstDelayMs ?? 60_000);
    while (!controller.signal.aborted) {
      try {
        const result = await pruneRetention({ signal: controller.signal });
        const removed = result.projects.filter((project) => project.runs + project.screenshots > 0);
        if (removed.length > 0) logger.info("Retention pass removed old runs", { projects: removed.length, ms: Math.round(result.ms) });
      } catch (error) {
        logger.warn("Retention pass failed", describeError(error));
      }
      if (!controller.signal.aborted) await pause(options.intervalMs);
    }
  })();
  return {
    stop: async () => {
      controller.abort();
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
