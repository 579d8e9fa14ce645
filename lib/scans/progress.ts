/**
 * Live progress of a session's scan, computed from the queue rows themselves so every web
 * server reports the same numbers whichever worker is scanning.
 */
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { SessionStatus } from "@/lib/generated/prisma/enums";

export type ScanProgress = {
  sessionId: string;
  status: SessionStatus;
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
};

const MAX_CURRENT_URLS = 10;

export async function getScanProgress(sessionId: string, now = new Date()): Promise<ScanProgress> {
  const session = await db.testSession.findUnique({
    where: { id: sessionId },
    select: { status: true, cancelRequestedAt: true, failureReason: true, startedAt: true, completedAt: true },
  });
  if (!session) throw notFound("Test session");
  const [counts = { total: 0, done: 0, errors: 0, scanning: 0 }] = await db.$queryRaw<
    Array<{ total: number; done: number; errors: number; scanning: number }>
  >`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE state IN ('done', 'error'))::int AS done,
           count(*) FILTER (WHERE state = 'error')::int AS errors,
           count(*) FILTER (WHERE state = 'scanning')::int AS scanning
    FROM page_results WHERE session_id = ${sessionId}::uuid`;
  const [violations, current] = await Promise.all([
    db.violation.count({ where: { sessionId, kind: "violation" } }),
    db.pageResult.findMany({
      where: { sessionId, state: "scanning" },
      select: { url: true },
      orderBy: { updatedAt: "asc" },
      take: MAX_CURRENT_URLS,
    }),
  ]);
  const end = session.completedAt ?? now;
  const elapsedMs = session.startedAt ? Math.max(0, end.getTime() - session.startedAt.getTime()) : null;
  const remaining = counts.total - counts.done;
  const running = session.status === "running";
  const etaMs = running && elapsedMs !== null && counts.done > 0 ? Math.round((elapsedMs / counts.done) * remaining) : null;
  const finished = session.status === "completed" || session.status === "cancelled";
  const percent = counts.total === 0 ? (finished ? 100 : 0) : Math.floor((counts.done / counts.total) * 100);
  return {
    sessionId,
    status: session.status,
    cancelRequested: session.cancelRequestedAt !== null,
    failureReason: session.failureReason,
    pagesTotal: counts.total,
    pagesDone: counts.done,
    pagesError: counts.errors,
    pagesScanning: counts.scanning,
    violations,
    currentUrls: current.map((page) => page.url),
    startedAt: session.startedAt?.toISOString() ?? null,
    completedAt: session.completedAt?.toISOString() ?? null,
    elapsedMs,
    etaMs,
    percent: session.status === "completed" ? 100 : percent,
  };
}
