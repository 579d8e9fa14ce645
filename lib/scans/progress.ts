/**
 * Live progress of a run, computed from the queue rows themselves so every web server reports
 * the same numbers whichever worker is scanning. A session's progress is its latest run's.
 */
import { db } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { notFound } from "@/lib/errors";
import type { RunStatus, SessionStatus } from "@/lib/generated/prisma/enums";

export type ScanProgress = {
  sessionId: string;
  /** The run shown; null for a session that was never scanned. */
  runId: string | null;
  runNumber: number | null;
  status: SessionStatus | RunStatus;
  cancelRequested: boolean;
  failureReason: string | null;
  pagesTotal: number;
  /** Pages finished, with or without an error. */
  pagesDone: number;
  pagesError: number;
  pagesScanning: number;
  violations: number;
  currentUrls: string[];
  startedAt: string | null;
  completedAt: string | null;
  elapsedMs: number | null;
  /** Rough time left at the rate so far; null until a page has finished or when not running. */
  etaMs: number | null;
  /** 0–100. */
  percent: number;
  /** While pages wait for a worker: how many pages of other scans go first, and whether a worker seems alive. */
  queue: QueueState | null;
};

export type QueueState = {
  /** Pages of other scans claimed before this scan's next page (being scanned or waiting). */
  pagesAhead: number;
  /** Seconds this scan's oldest waiting page has waited. */
  waitingSeconds: number;
  /**
   * False when pages have waited longer than a worker lease while no page anywhere is being
   * scanned: an idle worker takes a page within a second, a busy one renews its lease, so
   * neither is running.
   */
  workerAlive: boolean;
};

async function getQueueState(runId: string): Promise<QueueState | null> {
  const leaseSeconds = readEnv().WORKER_LEASE_SECONDS;
  // Same order and same eligible runs as claimPage in ./claim.ts: depth, then age.
  const [row] = await db.$queryRaw<Array<{ ahead: number; waiting: number | null; live: number }>>`
    WITH mine AS (
      SELECT depth, created_at, id FROM page_results
      WHERE run_id = ${runId}::uuid AND state = 'pending'
      ORDER BY depth, created_at, id LIMIT 1
    )
    SELECT (SELECT count(*)::int FROM page_results p JOIN scan_runs r ON r.id = p.run_id, mine
            WHERE r.status IN ('queued', 'running') AND r.cancel_requested_at IS NULL AND p.run_id <> ${runId}::uuid
              AND p.state IN ('pending', 'scanning') AND (p.depth, p.created_at, p.id) < (mine.depth, mine.created_at, mine.id)) AS ahead,
           (SELECT extract(epoch FROM now() - min(updated_at))::int FROM page_results WHERE run_id = ${runId}::uuid AND state = 'pending') AS waiting,
           (SELECT count(*)::int FROM page_results WHERE state = 'scanning' AND updated_at >= now() - make_interval(secs => ${leaseSeconds})) AS live
    FROM (SELECT 1) AS one`;
  if (!row || row.waiting === null) return null;
  return { pagesAhead: row.ahead, waitingSeconds: row.waiting, workerAlive: workerSeemsAlive(row.waiting, row.live, leaseSeconds) };
}

export function workerSeemsAlive(waitingSeconds: number, pagesBeingScanned: number, leaseSeconds: number): boolean {
  return pagesBeingScanned > 0 || waitingSeconds <= leaseSeconds;
}

const MAX_CURRENT_URLS = 10;

const runSelect = { id: true, number: true, sessionId: true, status: true, cancelRequestedAt: true, failureReason: true, startedAt: true, completedAt: true } as const;

/** Progress of the session's latest run. */
export async function getScanProgress(sessionId: string, now = new Date()): Promise<ScanProgress> {
  const session = await db.testSession.findUnique({
    where: { id: sessionId },
    select: { status: true, runs: { select: runSelect, orderBy: { number: "desc" }, take: 1 } },
  });
  if (!session) throw notFound("Test session");
  const run = session.runs[0];
  if (!run) {
    return {
      sessionId,
      runId: null,
      runNumber: null,
      status: session.status,
      cancelRequested: false,
      failureReason: null,
      pagesTotal: 0,
      pagesDone: 0,
      pagesError: 0,
      pagesScanning: 0,
      violations: 0,
      currentUrls: [],
      startedAt: null,
      completedAt: null,
      elapsedMs: null,
      etaMs: null,
      percent: 0,
      queue: null,
    };
  }
  return progressOf(run, now);
}

export async function getRunProgress(runId: string, now = new Date()): Promise<ScanProgress> {
  const run = await db.scanRun.findUnique({ where: { id: runId }, select: runSelect });
  if (!run) throw notFound("Scan run");
  return progressOf(run, now);
}

async function progressOf(
  run: { id: string; number: number; sessionId: string; status: RunStatus; cancelRequestedAt: Date | null; failureReason: string | null; startedAt: Date | null; completedAt: Date | null },
  now: Date,
): Promise<ScanProgress> {
  const [counts = { total: 0, done: 0, errors: 0, scanning: 0 }] = await db.$queryRaw<
    Array<{ total: number; done: number; errors: number; scanning: number }>
  >`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE state IN ('done', 'error'))::int AS done,
           count(*) FILTER (WHERE state = 'error')::int AS errors,
           count(*) FILTER (WHERE state = 'scanning')::int AS scanning
    FROM page_results WHERE run_id = ${run.id}::uuid`;
  const waitingForWorker = run.status === "queued" || (run.status === "running" && counts.scanning === 0);
  const [violations, current, queue] = await Promise.all([
    db.violation.count({ where: { runId: run.id, kind: "violation" } }),
    db.pageResult.findMany({
      where: { runId: run.id, state: "scanning" },
      select: { url: true },
      orderBy: { updatedAt: "asc" },
      take: MAX_CURRENT_URLS,
    }),
    waitingForWorker && run.cancelRequestedAt === null ? getQueueState(run.id) : Promise.resolve(null),
  ]);
  const end = run.completedAt ?? now;
  const elapsedMs = run.startedAt ? Math.max(0, end.getTime() - run.startedAt.getTime()) : null;
  const remaining = counts.total - counts.done;
  const running = run.status === "running";
  const etaMs = running && elapsedMs !== null && counts.done > 0 ? Math.round((elapsedMs / counts.done) * remaining) : null;
  const finished = run.status === "completed" || run.status === "cancelled";
  const percent = counts.total === 0 ? (finished ? 100 : 0) : Math.floor((counts.done / counts.total) * 100);
  return {
    sessionId: run.sessionId,
    runId: run.id,
    runNumber: run.number,
    status: run.status,
    cancelRequested: run.cancelRequestedAt !== null,
    failureReason: run.failureReason,
    pagesTotal: counts.total,
    pagesDone: counts.done,
    pagesError: counts.errors,
    pagesScanning: counts.scanning,
    violations,
    currentUrls: current.map((page) => page.url),
    startedAt: run.startedAt?.toISOString() ?? null,
    completedAt: run.completedAt?.toISOString() ?? null,
    elapsedMs,
    etaMs,
    percent: run.status === "completed" ? 100 : percent,
    queue,
  };
}
