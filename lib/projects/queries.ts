import { db, queryRows } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ProjectStatus, SessionStatus } from "@/lib/generated/prisma/enums";
import { listProjectsQuerySchema, type ListProjectsQuery } from "./schema";
import { isUuid } from "@/lib/uuid";

export const projectSelect = {
  id: true,
  name: true,
  clientName: true,
  primaryUrl: true,
  description: true,
  status: true,
  lastActivityAt: true,
  archivedAt: true,
  createdAt: true,
  updatedAt: true,
  defaultAuthConfigId: true,
  createdBy: { select: { id: true, name: true } },
} as const satisfies Prisma.ProjectSelect;

export type ProjectView = Prisma.ProjectGetPayload<{ select: typeof projectSelect }>;

export type LatestSession = {
  id: string;
  name: string;
  status: SessionStatus;
  createdAt: Date;
  completedAt: Date | null;
  violationCount: number;
};

export type ProjectListItem = Omit<ProjectView, "description" | "createdBy" | "defaultAuthConfigId"> & {
  sessionCount: number;
  latestSession: LatestSession | null;
};

export type Page<T> = { items: T[]; page: number; pageSize: number; total: number };

function projectListWhere(query: ListProjectsQuery): Prisma.Sql {
  const conditions: Prisma.Sql[] = [
    query.status === undefined
      ? Prisma.sql`p.status <> 'archived'`
      : query.status === "all"
        ? Prisma.sql`TRUE`
        : Prisma.sql`p.status = CAST(${query.status} AS "ProjectStatus")`,
  ];
  if (query.q) {
    // LIKE wildcards in the search are literal characters.
    const pattern = `%${query.q.replace(/[\\%_]/g, "\\$&")}%`;
    conditions.push(Prisma.sql`(p.name ILIKE ${pattern} OR p.client_name ILIKE ${pattern} OR p.primary_url ILIKE ${pattern})`);
  }
  return Prisma.join(conditions, " AND ");
}

function projectListOrder(sort: ListProjectsQuery["sort"], alias: "p" | "page"): Prisma.Sql {
  const column = (name: string) => Prisma.raw(`${alias}.${name}`);
  return sort === "name"
    ? Prisma.sql`lower(${column("name")}), ${column("name")}, ${column("id")}`
    : Prisma.sql`${column("last_activity_at")} DESC, ${column("id")}`;
}

type ProjectListRow = {
  id: string;
  name: string;
  client_name: string | null;
  primary_url: string;
  status: ProjectStatus;
  last_activity_at: Date;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
  session_count: number;
  latest_id: string | null;
  latest_name: string | null;
  latest_status: SessionStatus | null;
  latest_created_at: Date | null;
  latest_completed_at: Date | null;
  latest_violation_count: number | null;
};

/**
 * One page of projects with their session count and latest session (its violation count too).
 * Two statements whatever the page size: the total, and the page joined LATERALly to its
 * session figures. Names sort case-insensitively.
 */
export async function listProjects(input: Partial<Record<keyof ListProjectsQuery, unknown>> = {}): Promise<Page<ProjectListItem>> {
  const query = listProjectsQuerySchema.parse(input);
  const where = projectListWhere(query);
  const offset = (query.page - 1) * query.pageSize;
  const [[counted], rows] = await Promise.all([
    queryRows<{ total: number }>(Prisma.sql`SELECT count(*)::int AS total FROM projects p WHERE ${where}`),
    queryRows<ProjectListRow>(Prisma.sql`
      WITH page AS (
        SELECT p.id, p.name, p.client_name, p.primary_url, p.status, p.last_activity_at, p.archived_at, p.created_at, p.updated_at
        FROM projects p
        WHERE ${where}
        ORDER BY ${projectListOrder(query.sort, "p")}
        LIMIT ${query.pageSize} OFFSET ${offset}
      )
      SELECT page.id::text, page.name, page.client_name, page.primary_url, page.status::text AS status,
             page.last_activity_at, page.archived_at, page.created_at, page.updated_at,
             counts.session_count,
             latest.id::text AS latest_id,
             latest.name AS latest_name,
             latest.status::text AS latest_status,
             latest.created_at AS latest_created_at,
             latest.completed_at AS latest_completed_at,
             (SELECT count(*)::int FROM violations v
               WHERE v.run_id = (SELECT r.id FROM scan_runs r WHERE r.session_id = latest.id ORDER BY r.number DESC LIMIT 1)
                 AND v.kind = 'violation') AS latest_violation_count
      FROM page
      CROSS JOIN LATERAL (SELECT count(*)::int AS session_count FROM test_sessions s WHERE s.project_id = page.id) counts
      LEFT JOIN LATERAL (
        SELECT s.id, s.name, s.status, s.created_at, s.completed_at
        FROM test_sessions s
        WHERE s.project_id = page.id
        ORDER BY s.created_at DESC, s.id DESC
        LIMIT 1
      ) latest ON true
      ORDER BY ${projectListOrder(query.sort, "page")}`),
  ]);
  return {
    items: rows.map(toProjectListItem),
    page: query.page,
    pageSize: query.pageSize,
    total: counted?.total ?? 0,
  };
}

function toProjectListItem(row: ProjectListRow): ProjectListItem {
  return {
    id: row.id,
    name: row.name,
    clientName: row.client_name,
    primaryUrl: row.primary_url,
    status: row.status,
    lastActivityAt: row.last_activity_at,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sessionCount: row.session_count,
    latestSession:
      row.latest_id && row.latest_name !== null && row.latest_status && row.latest_created_at
        ? {
            id: row.latest_id,
            name: row.latest_name,
            status: row.latest_status,
            createdAt: row.latest_created_at,
            completedAt: row.latest_completed_at,
            violationCount: row.latest_violation_count ?? 0,
          }
        : null,
  };
}

/** For pages: null for an unknown or malformed id, so the page can answer 404. */
export async function getProjectOrNull(id: string): Promise<ProjectView | null> {
  if (!isUuid(id)) return null;
  return db.project.findUnique({ where: { id }, select: projectSelect });
}

export async function getProject(id: string): Promise<ProjectView> {
  const project = await db.project.findUnique({ where: { id }, select: projectSelect });
  if (!project) throw notFound("Project");
  return project;
}

/** Counts of what permanently deleting the project would remove. */
export async function countProjectContents(id: string, client: Pick<typeof db, "$queryRaw"> = db) {
  const [row] = await client.$queryRaw<Array<{ sessions: number; runs: number; page_results: number; violations: number; screenshots: number }>>`
    SELECT
      (SELECT count(*)::int FROM test_sessions WHERE project_id = ${id}::uuid) AS sessions,
      (SELECT count(*)::int FROM scan_runs r JOIN test_sessions s ON s.id = r.session_id WHERE s.project_id = ${id}::uuid) AS runs,
      (SELECT count(*)::int FROM page_results pr JOIN test_sessions s ON s.id = pr.session_id WHERE s.project_id = ${id}::uuid) AS page_results,
      (SELECT count(*)::int FROM violations v JOIN test_sessions s ON s.id = v.session_id WHERE s.project_id = ${id}::uuid) AS violations,
      (SELECT count(*)::int FROM screenshots sc JOIN test_sessions s ON s.id = sc.session_id WHERE s.project_id = ${id}::uuid) AS screenshots`;
  return {
    sessions: row?.sessions ?? 0,
    runs: row?.runs ?? 0,
    pageResults: row?.page_results ?? 0,
    violations: row?.violations ?? 0,
    screenshots: row?.screenshots ?? 0,
  };
}

/** Live projects for a picker, by name. */
export async function listProjectOptions(): Promise<Array<{ id: string; name: string }>> {
  return db.project.findMany({
    where: { status: { not: "archived" } },
    select: { id: true, name: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}
