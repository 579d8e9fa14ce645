import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Page } from "@/lib/projects/queries";
import { listSessionsQuerySchema, sessionScopeSchema, toApiWcagVersion, type SessionScope } from "./schema";
import { isUuid } from "@/lib/uuid";

export const sessionSelect = {
  id: true,
  projectId: true,
  name: true,
  description: true,
  status: true,
  approach: true,
  wcagVersion: true,
  wcagLevel: true,
  scope: true,
  scanOptions: true,
  authConfigId: true,
  authMode: true,
  startedAt: true,
  completedAt: true,
  cancelRequestedAt: true,
  failureReason: true,
  createdAt: true,
  updatedAt: true,
  createdBy: { select: { id: true, name: true } },
  authConfig: { select: { id: true, name: true } },
  project: { select: { id: true, name: true, primaryUrl: true, status: true, defaultAuthConfigId: true } },
} as const satisfies Prisma.TestSessionSelect;

type SessionRow = Prisma.TestSessionGetPayload<{ select: typeof sessionSelect }>;

export type SessionView = Omit<SessionRow, "wcagVersion" | "scope"> & {
  wcagVersion: ReturnType<typeof toApiWcagVersion>;
  scope: SessionScope;
};

export function toSessionView(row: SessionRow): SessionView {
  // Stored scopes were validated on write; an unparsable one (hand-edited row) reads as empty.
  const parsed = sessionScopeSchema.safeParse(row.scope);
  return {
    ...row,
    wcagVersion: toApiWcagVersion(row.wcagVersion),
    scope: parsed.success ? parsed.data : { urls: [], maxPages: 0, maxDepth: 0, include: [], exclude: [], useSitemap: false, respectRobotsTxt: true },
  };
}

/** For pages: null for an unknown or malformed id, so the page can answer 404. */
export async function getSessionOrNull(id: string): Promise<SessionView | null> {
  if (!isUuid(id)) return null;
  const row = await db.testSession.findUnique({ where: { id }, select: sessionSelect });
  return row ? toSessionView(row) : null;
}

export async function getSession(id: string): Promise<SessionView> {
  const row = await db.testSession.findUnique({ where: { id }, select: sessionSelect });
  if (!row) throw notFound("Test session");
  return toSessionView(row);
}

const sessionListSelect = {
  id: true,
  projectId: true,
  name: true,
  status: true,
  approach: true,
  wcagVersion: true,
  wcagLevel: true,
  startedAt: true,
  completedAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.TestSessionSelect;

export type SessionListItem = Omit<Prisma.TestSessionGetPayload<{ select: typeof sessionListSelect }>, "wcagVersion"> & {
  wcagVersion: ReturnType<typeof toApiWcagVersion>;
  violationCount: number;
};

/** A project's sessions, newest first, each with its latest run's violation count (three queries + count). */
export async function listProjectSessions(projectId: string, input: { page?: unknown; pageSize?: unknown } = {}): Promise<Page<SessionListItem>> {
  const query = listSessionsQuerySchema.parse(input);
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) throw notFound("Project");
  const where = { projectId };
  const [total, rows] = await Promise.all([
    db.testSession.count({ where }),
    db.testSession.findMany({
      where,
      select: sessionListSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  const latestRuns =
    rows.length === 0
      ? []
      : await db.$queryRaw<Array<{ id: string; sessionId: string }>>`
          SELECT DISTINCT ON (session_id) id::text, session_id::text AS "sessionId" FROM scan_runs
          WHERE session_id = ANY(${rows.map((row) => row.id)}::uuid[]) ORDER BY session_id, number DESC`;
  const counts =
    latestRuns.length === 0
      ? []
      : await db.violation.groupBy({
          by: ["sessionId"],
          where: { runId: { in: latestRuns.map((run) => run.id) }, kind: "violation" },
          _count: { _all: true },
        });
  const countBySession = new Map(counts.map((entry) => [entry.sessionId, entry._count._all]));
  return {
    items: rows.map((row) => ({ ...row, wcagVersion: toApiWcagVersion(row.wcagVersion), violationCount: countBySession.get(row.id) ?? 0 })),
    page: query.page,
    pageSize: query.pageSize,
    total,
  };
}
