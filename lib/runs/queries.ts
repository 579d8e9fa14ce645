/**
 * Reading runs: a session's runs newest first, one run, and which run a session-level request
 * means (the latest). Counts of a run that is still queued or running are read live from its
 * pages and findings; an ended run's were stored when it ended.
 */
import { db, queryRows } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Page } from "@/lib/projects/queries";
import { listRunsQuerySchema } from "./schema";
import { isUuid } from "@/lib/uuid";

export const runSelect = {
  id: true,
  sessionId: true,
  number: true,
  trigger: true,
  scheduleId: true,
  status: true,
  queuedAt: true,
  startedAt: true,
  completedAt: true,
  cancelRequestedAt: true,
  pagesPlanned: true,
  pagesDone: true,
  pagesFailed: true,
  violations: true,
  needsReview: true,
  engineVersions: true,
  failureReason: true,
  screenshotsPrunedAt: true,
  triggeredBy: { select: { id: true, name: true } },
  apiToken: { select: { id: true, name: true } },
} as const satisfies Prisma.ScanRunSelect;

type RunRow = Prisma.ScanRunGetPayload<{ select: typeof runSelect }>;

export type RunView = Omit<RunRow, "engineVersions"> & { engineVersions: Record<string, string> };

/** Replaces the stored counts of active runs with live ones. */
async function withLiveCounts(rows: RunRow[]): Promise<RunView[]> {
  const active = rows.filter((row) => row.status === "queued" || row.status === "running").map((row) => row.id);
  const live = new Map<string, { planned: number; done: number; failed: number; violations: number; needsReview: number }>();
  if (active.length > 0) {
    const counts = await db.$queryRaw<Array<{ id: string; planned: number; done: number; failed: number; violations: number; needsReview: number }>>`
      SELECT r.id::text AS id,
             (SELECT count(*) FROM page_results p WHERE p.run_id = r.id)::int AS planned,
             (SELECT count(*) FROM page_results p WHERE p.run_id = r.id AND p.state = 'done')::int AS done,
             (SELECT count(*) FROM page_results p WHERE p.run_id = r.id AND p.state = 'error')::int AS failed,
             (SELECT count(*) FROM violations v WHERE v.run_id = r.id AND v.kind = 'violation')::int AS violations,
             (SELECT count(*) FROM violations v WHERE v.run_id = r.id AND v.kind = 'needs_review')::int AS "needsReview"
      FROM scan_runs r WHERE r.id = ANY(${active}::uuid[])`;
    for (const count of counts) live.set(count.id, count);
  }
  return rows.map((row) => {
    const count = live.get(row.id);
    const engineVersions = (row.engineVersions ?? {}) as Record<string, string>;
    return count
      ? { ...row, engineVersions, pagesPlanned: count.planned, pagesDone: count.done, pagesFailed: count.failed, violations: count.violations, needsReview: count.needsReview }
      : { ...row, engineVersions };
  });
}

/** A session's runs, newest first. */
export async function listSessionRuns(sessionId: string, input: { page?: unknown; pageSize?: unknown } = {}): Promise<Page<RunView>> {
  const query = listRunsQuerySchema.parse(input);
  const session = await db.testSession.findUnique({ where: { id: sessionId }, select: { id: true } });
  if (!session) throw notFound("Test session");
  const [total, rows] = await Promise.all([
    db.scanRun.count({ where: { sessionId } }),
    db.scanRun.findMany({ where: { sessionId }, select: runSelect, orderBy: { number: "desc" }, skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
  ]);
  return { items: await withLiveCounts(rows), page: query.page, pageSize: query.pageSize, total };
}

export type RunDetail = RunView & { session: { id: string; name: string; projectId: string; projectName: string }; isLatest: boolean };

export async function getRun(runId: string): Promise<RunDetail> {
  const row = await db.scanRun.findUnique({
    where: { id: runId },
    select: { ...runSelect, session: { select: { id: true, name: true, projectId: true, project: { select: { name: true } } } } },
  });
  if (!row) throw notFound("Scan run");
  const { session, ...run } = row;
  const [view] = await withLiveCounts([run]);
  const newer = await db.scanRun.count({ where: { sessionId: session.id, number: { gt: run.number } } });
  return { ...view!, session: { id: session.id, name: session.name, projectId: session.projectId, projectName: session.project.name }, isLatest: newer === 0 };
}

/** For pages: null for an unknown or malformed id. */
export async function getRunOrNull(runId: string): Promise<RunDetail | null> {
  if (!isUuid(runId)) return null;
  return getRun(runId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  });
}

/** Stands for "no run" in a run filter: no run has this id, so it matches no rows. */
export const NO_RUN = "00000000-0000-0000-0000-000000000000";

export async function findLatestRunId(sessionId: string): Promise<string | null> {
  const run = await db.scanRun.findFirst({ where: { sessionId }, select: { id: true }, orderBy: { number: "desc" } });
  return run?.id ?? null;
}

/**
 * The run a session-level request means: `runId` when given (it must belong to the session),
 * otherwise the latest. 404 for an unknown session, or one never scanned.
 */
export async function resolveSessionRun(sessionId: string, runId?: string): Promise<string> {
  // One statement through the pool each way: every session-level results request starts here.
  if (runId) {
    const [run] = await queryRows<{ sessionId: string }>(Prisma.sql`SELECT session_id::text AS "sessionId" FROM scan_runs WHERE id = ${runId}::uuid`);
    if (!run || run.sessionId !== sessionId) throw notFound("Scan run of this session");
    return runId;
  }
  const [session] = await queryRows<{ latest: string | null }>(Prisma.sql`
    SELECT (SELECT r.id::text FROM scan_runs r WHERE r.session_id = s.id ORDER BY r.number DESC LIMIT 1) AS latest
    FROM test_sessions s WHERE s.id = ${sessionId}::uuid`);
  if (!session) throw notFound("Test session");
  if (!session.latest) throw new AppError("not_found", "This session has not been scanned yet: start a scan to get results.", { sessionId });
  return session.latest;
}

/** Runs of a project that have results, newest first, for choosing what to compare. */
export async function listProjectRuns(projectId: string, take = 200) {
  const rows = await db.scanRun.findMany({
    where: { session: { projectId }, status: { in: ["completed", "cancelled"] } },
    select: { id: true, number: true, status: true, completedAt: true, session: { select: { id: true, name: true } } },
    orderBy: [{ completedAt: "desc" }, { id: "desc" }],
    take,
  });
  return rows.map((row) => ({ id: row.id, number: row.number, status: row.status, completedAt: row.completedAt, sessionId: row.session.id, sessionName: row.session.name }));
}

export type RunContents = { pageResults: number; findings: number; screenshots: number };

/** What deleting each of these runs would remove, for the confirmation that names it. */
export async function countRunContents(runIds: string[]): Promise<Map<string, RunContents>> {
  if (runIds.length === 0) return new Map();
  const rows = await queryRows<RunContents & { id: string }>(Prisma.sql`
    SELECT r.id::text AS id,
           (SELECT count(*) FROM page_results p WHERE p.run_id = r.id)::int AS "pageResults",
           (SELECT count(*) FROM violations v WHERE v.run_id = r.id)::int AS findings,
           (SELECT count(*) FROM screenshots x WHERE x.run_id = r.id)::int AS screenshots
    FROM scan_runs r WHERE r.id = ANY(${runIds}::uuid[])`);
  return new Map(rows.map(({ id, ...counts }) => [id, counts]));
}

/** What deleting the session would remove. */
export async function countSessionContents(sessionId: string): Promise<RunContents & { runs: number }> {
  const [row] = await queryRows<RunContents & { runs: number }>(Prisma.sql`
    SELECT (SELECT count(*) FROM scan_runs WHERE session_id = ${sessionId}::uuid)::int AS runs,
           (SELECT count(*) FROM page_results WHERE session_id = ${sessionId}::uuid)::int AS "pageResults",
           (SELECT count(*) FROM violations WHERE session_id = ${sessionId}::uuid)::int AS findings,
           (SELECT count(*) FROM screenshots WHERE session_id = ${sessionId}::uuid)::int AS screenshots`);
  return row ?? { runs: 0, pageResults: 0, findings: 0, screenshots: 0 };
}
