/**
 * Reading a run's scan results: the summary, grouped issue lists with filters, instance
 * details, the CI gate and screenshots. Aggregation happens in PostgreSQL so 100k findings stay
 * cheap. Session-level callers pick the run first (lib/runs/queries.ts resolveSessionRun).
 */
import { db, queryRows } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { compareCriterionIds, getCriterion } from "@/lib/wcag/criteria";
import { NO_RUN } from "@/lib/runs/queries";
import type { FindingSource } from "@/lib/scans/engines/engine";
import { cropImage } from "./screenshot-image";
import { IMPACTS, TRIAGE_STATUSES, UNRESOLVED_STATUSES, type Grouping, type ImpactName, type ResultFilters, type TriageStatusName } from "./schema";

const IMPACT_ORDER = Prisma.sql`ARRAY['minor', 'moderate', 'serious', 'critical']`;

function impactFromRank(rank: number | null): ImpactName | null {
  return rank ? (IMPACTS[rank - 1] ?? null) : null;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

type FilterPart = Partial<Omit<ResultFilters, "groupBy" | "page" | "pageSize">>;

function whereFindings(runId: string, filters: FilterPart): Prisma.Sql {
  const parts = [Prisma.sql`v.run_id = ${runId}::uuid`];
  if (filters.kind && filters.kind !== "all") parts.push(Prisma.sql`v.kind::text = ${filters.kind}`);
  if (filters.impact?.length) parts.push(Prisma.sql`v.impact::text IN (${Prisma.join(filters.impact)})`);
  if (filters.status?.length) parts.push(Prisma.sql`v.status::text IN (${Prisma.join(filters.status)})`);
  if (filters.criterion) parts.push(Prisma.sql`${filters.criterion} = ANY (v.wcag_criteria)`);
  if (filters.rule) parts.push(Prisma.sql`v.rule_id = ${filters.rule}`);
  if (filters.selector !== undefined) parts.push(Prisma.sql`v.selector = ${filters.selector}`);
  if (filters.pageId) parts.push(Prisma.sql`v.page_result_id = ${filters.pageId}::uuid`);
  if (filters.url) parts.push(Prisma.sql`p.url ILIKE ${`%${escapeLike(filters.url)}%`}`);
  return Prisma.join(parts, " AND ");
}

type RunRow = {
  id: string;
  number: number;
  status: string;
  trigger: string;
  startedAt: Date | null;
  completedAt: Date | null;
  failureReason: string | null;
  sessionId: string;
  sessionName: string;
  sessionStatus: string;
  projectId: string;
  projectName: string;
  /** As the API spells it: the column holds "2.1" or "2.2". */
  wcagVersion: "2.1" | "2.2";
  wcagLevel: "A" | "AA" | "AAA";
};

/** The run with its session and project names; one statement through the pool (read on every results request). */
export async function requireRun(runId: string) {
  const [row] = await queryRows<RunRow>(Prisma.sql`
    SELECT r.id::text AS id, r.number, r.status::text AS status, r.trigger::text AS trigger, r.started_at AS "startedAt",
           r.completed_at AS "completedAt", r.failure_reason AS "failureReason",
           s.id::text AS "sessionId", s.name AS "sessionName", s.status::text AS "sessionStatus", s.wcag_version::text AS "wcagVersion",
           s.wcag_level::text AS "wcagLevel", p.id::text AS "projectId", p.name AS "projectName"
    FROM scan_runs r JOIN test_sessions s ON s.id = r.session_id JOIN projects p ON p.id = s.project_id
    WHERE r.id = ${runId}::uuid`);
  if (!row) throw notFound("Scan run");
  const { sessionId, sessionName, sessionStatus, projectId, projectName, wcagVersion, wcagLevel, ...run } = row;
  return { ...run, session: { id: sessionId, name: sessionName, status: sessionStatus, projectId, wcagVersion, wcagLevel, project: { name: projectName } } };
}

export type StatusCounts = Record<TriageStatusName, number>;

const statusColumns = Prisma.join(
  TRIAGE_STATUSES.map((status) => Prisma.sql`count(*) FILTER (WHERE v.status::text = ${status})::int AS ${Prisma.raw(`"status_${status}"`)}`),
  ", ",
);

function statusCounts(row: Record<string, unknown>): StatusCounts {
  return Object.fromEntries(TRIAGE_STATUSES.map((status) => [status, Number(row[`status_${status}`] ?? 0)])) as StatusCounts;
}

export async function getResultsSummary(runId: string) {
  // Independent reads, in parallel on the pool; the run's own read answers 404 for an unknown run.
  const [run, [pages = { total: 0, done: 0, error: 0, authenticated: 0 }], [totals = {}], byCriterion, byRule, failedPages] = await Promise.all([
    requireRun(runId),
    queryRows<{ total: number; done: number; error: number; authenticated: number }>(Prisma.sql`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE state = 'done')::int AS done,
           count(*) FILTER (WHERE state = 'error')::int AS error,
           count(*) FILTER (WHERE authenticated)::int AS authenticated
    FROM page_results WHERE run_id = ${runId}::uuid`),
    queryRows<Record<string, number>>(Prisma.sql`
    SELECT count(*) FILTER (WHERE v.kind = 'violation')::int AS violations,
           count(*) FILTER (WHERE v.kind = 'needs_review')::int AS "needsReview",
           count(DISTINCT v.fingerprint) FILTER (WHERE v.kind = 'violation')::int AS issues,
           count(*) FILTER (WHERE v.kind = 'violation' AND v.impact = 'critical')::int AS critical,
           count(*) FILTER (WHERE v.kind = 'violation' AND v.impact = 'serious')::int AS serious,
           count(*) FILTER (WHERE v.kind = 'violation' AND v.impact = 'moderate')::int AS moderate,
           count(*) FILTER (WHERE v.kind = 'violation' AND v.impact = 'minor')::int AS minor,
           ${statusColumns}
    FROM violations v WHERE v.run_id = ${runId}::uuid`),
    queryRows<{ id: string; instances: number; pages: number }>(Prisma.sql`
    SELECT c.id, count(*)::int AS instances, count(DISTINCT v.page_result_id)::int AS pages
    FROM violations v CROSS JOIN LATERAL unnest(v.wcag_criteria) AS c(id)
    WHERE v.run_id = ${runId}::uuid AND v.kind = 'violation'
    GROUP BY c.id`),
    queryRows<{ ruleId: string; help: string | null; impactRank: number | null; instances: number; pages: number }>(Prisma.sql`
    SELECT v.rule_id AS "ruleId", min(v.help) AS help,
           max(array_position(${IMPACT_ORDER}, v.impact::text)) AS "impactRank",
           count(*)::int AS instances, count(DISTINCT v.page_result_id)::int AS pages
    FROM violations v WHERE v.run_id = ${runId}::uuid AND v.kind = 'violation'
    GROUP BY v.rule_id ORDER BY "impactRank" DESC NULLS LAST, instances DESC, v.rule_id`),
    listFailedPages(runId),
  ]);
  const { session } = run;
  return {
    session: {
      id: session.id,
      name: session.name,
      status: session.status,
      projectId: session.projectId,
      projectName: session.project.name,
      wcagVersion: session.wcagVersion,
      wcagLevel: session.wcagLevel,
    },
    run: {
      id: run.id,
      number: run.number,
      status: run.status,
      trigger: run.trigger,
      startedAt: run.startedAt?.toISOString() ?? null,
      completedAt: run.completedAt?.toISOString() ?? null,
      failureReason: run.failureReason,
    },
    pages,
    failedPages,
    violations: {
      total: Number(totals.violations ?? 0),
      issues: Number(totals.issues ?? 0),
      needsReview: Number(totals.needsReview ?? 0),
      byImpact: { critical: Number(totals.critical ?? 0), serious: Number(totals.serious ?? 0), moderate: Number(totals.moderate ?? 0), minor: Number(totals.minor ?? 0) },
      byStatus: statusCounts(totals),
    },
    byCriterion: byCriterion
      .map((row) => {
        const criterion = getCriterion(row.id);
        return { id: row.id, title: criterion?.title ?? null, level: criterion?.level ?? null, understanding: criterion?.understanding ?? null, instances: row.instances, pages: row.pages };
      })
      .sort((a, b) => compareCriterionIds(a.id, b.id)),
    byRule: byRule.map((row) => ({ ruleId: row.ruleId, help: row.help, impact: impactFromRank(row.impactRank), instances: row.instances, pages: row.pages })),
  };
}
export type ResultsSummary = Awaited<ReturnType<typeof getResultsSummary>>;

/** At most this many failed pages in a results summary; the export lists them all. */
export const FAILED_PAGES_SHOWN = 100;

export type FailedPage = { pageId: string; url: string; title: string | null; httpStatus: number | null; error: string | null; authenticated: boolean };

/**
 * Pages of the run that could not be scanned, with why (a failed sign-in says "authentication
 * failed: …"). They have no findings, so no group lists them.
 */
async function listFailedPages(runId: string): Promise<FailedPage[]> {
  return queryRows<FailedPage>(Prisma.sql`
    SELECT id::text AS "pageId", url, title, http_status AS "httpStatus", error, authenticated
    FROM page_results WHERE run_id = ${runId}::uuid AND state = 'error'
    ORDER BY url, id
    LIMIT ${FAILED_PAGES_SHOWN}`);
}

export type ResultGroup = {
  groupBy: Grouping;
  /** Human label: the selector, rule, criterion or page. */
  label: string;
  ruleId: string | null;
  selector: string | null;
  criterion: { id: string; title: string | null; level: string | null } | null;
  pageId: string | null;
  url: string | null;
  /** Grouped by page: whether the page was scanned signed in; null for other groupings. */
  authenticated: boolean | null;
  kind: string | null;
  help: string | null;
  helpUrl: string | null;
  wcagCriteria: string[];
  impact: ImpactName | null;
  instances: number;
  pages: number;
  statuses: StatusCounts;
  /** Issue fingerprints in the group (for bulk triage), at most 500. */
  fingerprints: string[];
};

type GroupRow = Record<string, unknown> & {
  ruleId: string | null;
  selector: string | null;
  criterionId: string | null;
  pageId: string | null;
  url: string | null;
  authenticated: boolean | null;
  kind: string | null;
  help: string | null;
  helpUrl: string | null;
  criteria: string | null;
  impactRank: number | null;
  instances: number;
  pages: number;
  fingerprints: string[] | null;
  total: number;
};

const GROUP_SQL: Record<Grouping, { select: Prisma.Sql; from: Prisma.Sql; groupBy: Prisma.Sql; orderBy: Prisma.Sql }> = {
  issue: {
    select: Prisma.sql`v.rule_id AS "ruleId", v.selector, NULL::text AS "criterionId", NULL::text AS "pageId", min(p.url) AS url, NULL::boolean AS authenticated, v.kind::text AS kind`,
    from: Prisma.empty,
    groupBy: Prisma.sql`v.rule_id, v.selector, v.kind`,
    orderBy: Prisma.sql`"impactRank" DESC NULLS LAST, pages DESC, v.rule_id, v.selector`,
  },
  rule: {
    select: Prisma.sql`v.rule_id AS "ruleId", NULL::text AS selector, NULL::text AS "criterionId", NULL::text AS "pageId", NULL::text AS url, NULL::boolean AS authenticated, v.kind::text AS kind`,
    from: Prisma.empty,
    groupBy: Prisma.sql`v.rule_id, v.kind`,
    orderBy: Prisma.sql`"impactRank" DESC NULLS LAST, instances DESC, v.rule_id`,
  },
  criterion: {
    select: Prisma.sql`NULL::text AS "ruleId", NULL::text AS selector, c.id AS "criterionId", NULL::text AS "pageId", NULL::text AS url, NULL::boolean AS authenticated, NULL::text AS kind`,
    from: Prisma.sql`CROSS JOIN LATERAL unnest(v.wcag_criteria) AS c(id)`,
    groupBy: Prisma.sql`c.id`,
    orderBy: Prisma.sql`string_to_array(c.id, '.')::int[]`,
  },
  page: {
    select: Prisma.sql`NULL::text AS "ruleId", NULL::text AS selector, NULL::text AS "criterionId", p.id::text AS "pageId", p.url, p.authenticated, NULL::text AS kind`,
    from: Prisma.empty,
    groupBy: Prisma.sql`p.id, p.url, p.authenticated`,
    orderBy: Prisma.sql`"impactRank" DESC NULLS LAST, instances DESC, p.url`,
  },
};

export async function listResultGroups(runId: string, filters: ResultFilters) {
  await requireRun(runId);
  const shape = GROUP_SQL[filters.groupBy];
  const rows = await queryRows<GroupRow>(Prisma.sql`
    SELECT ${shape.select},
           min(v.help) AS help, min(v.help_url) AS "helpUrl", min(array_to_string(v.wcag_criteria, ' ')) AS criteria,
           max(array_position(${IMPACT_ORDER}, v.impact::text)) AS "impactRank",
           count(*)::int AS instances, count(DISTINCT v.page_result_id)::int AS pages,
           (array_agg(DISTINCT v.fingerprint))[1:500] AS fingerprints,
           ${statusColumns},
           count(*) OVER ()::int AS total
    FROM violations v JOIN page_results p ON p.id = v.page_result_id ${shape.from}
    WHERE ${whereFindings(runId, filters)}
    GROUP BY ${shape.groupBy}
    ORDER BY ${shape.orderBy}
    LIMIT ${filters.pageSize} OFFSET ${(filters.page - 1) * filters.pageSize}`);
  const groups: ResultGroup[] = rows.map((row) => {
    const criterion = row.criterionId ? getCriterion(row.criterionId) : undefined;
    const single = filters.groupBy === "issue" || filters.groupBy === "rule";
    return {
      groupBy: filters.groupBy,
      label:
        filters.groupBy === "issue"
          ? (row.selector ?? "")
          : filters.groupBy === "rule"
            ? (row.ruleId ?? "")
            : filters.groupBy === "criterion"
              ? `${row.criterionId} ${criterion?.title ?? ""}`.trim()
              : (row.url ?? ""),
      ruleId: row.ruleId,
      selector: row.selector,
      criterion: row.criterionId ? { id: row.criterionId, title: criterion?.title ?? null, level: criterion?.level ?? null } : null,
      pageId: row.pageId,
      url: row.url,
      authenticated: row.authenticated,
      kind: row.kind,
      help: single ? row.help : null,
      helpUrl: single ? row.helpUrl : null,
      wcagCriteria: single && row.criteria ? row.criteria.split(" ").filter(Boolean) : [],
      impact: impactFromRank(row.impactRank),
      instances: row.instances,
      pages: row.pages,
      statuses: statusCounts(row),
      fingerprints: (row.fingerprints ?? []).filter((fingerprint): fingerprint is string => Boolean(fingerprint)),
    };
  });
  const total = rows[0]?.total ?? (filters.page > 1 ? await countGroups(runId, filters) : 0);
  return { groupBy: filters.groupBy, page: filters.page, pageSize: filters.pageSize, total, groups };
}

async function countGroups(runId: string, filters: ResultFilters): Promise<number> {
  const shape = GROUP_SQL[filters.groupBy];
  const [row] = await queryRows<{ total: number }>(Prisma.sql`
    SELECT count(*)::int AS total FROM (
      SELECT 1 FROM violations v JOIN page_results p ON p.id = v.page_result_id ${shape.from}
      WHERE ${whereFindings(runId, filters)} GROUP BY ${shape.groupBy}) AS groups`);
  return row?.total ?? 0;
}

export type ViolationDetail = {
  id: string;
  ruleId: string;
  kind: string;
  impact: ImpactName | null;
  wcagCriteria: string[];
  selector: string;
  html: string;
  summary: string | null;
  help: string | null;
  helpUrl: string | null;
  /** Which engines (and rules, at which version) found it, axe-core first. */
  sources: FindingSource[];
  fingerprint: string | null;
  status: TriageStatusName;
  statusReason: string | null;
  pageId: string;
  url: string;
  pageTitle: string | null;
  /** Whether the page was scanned signed in. */
  authenticated: boolean;
  screenshotId: string | null;
  pageScreenshotId: string | null;
};

/** The individual findings matching the filters (one group's instances when narrowed to it). */
export async function listViolations(runId: string, filters: ResultFilters) {
  await requireRun(runId);
  const rows = await queryRows<ViolationDetail & { total: number }>(Prisma.sql`
    SELECT v.id::text AS id, v.rule_id AS "ruleId", v.kind::text AS kind, v.impact::text AS impact, v.wcag_criteria AS "wcagCriteria",
           v.selector, v.html, v.summary, v.help, v.help_url AS "helpUrl", v.sources, v.fingerprint, v.status::text AS status,
           v.status_reason AS "statusReason", p.id::text AS "pageId", p.url, p.title AS "pageTitle", p.authenticated,
           s.id::text AS "screenshotId",
           (SELECT ps.id::text FROM screenshots ps WHERE ps.page_result_id = p.id AND ps.kind = 'page' LIMIT 1) AS "pageScreenshotId",
           count(*) OVER ()::int AS total
    FROM violations v
    JOIN page_results p ON p.id = v.page_result_id
    LEFT JOIN screenshots s ON s.violation_id = v.id
    WHERE ${whereFindings(runId, filters)}
    ORDER BY array_position(${IMPACT_ORDER}, v.impact::text) DESC NULLS LAST, v.rule_id, p.url, v.selector, v.id
    LIMIT ${filters.pageSize} OFFSET ${(filters.page - 1) * filters.pageSize}`);
  return {
    page: filters.page,
    pageSize: filters.pageSize,
    total: rows[0]?.total ?? 0,
    violations: rows.map(({ total: _total, ...row }) => row),
  };
}

export type GateResult = {
  sessionId: string;
  runId: string;
  /** The run's status. */
  status: string;
  failOn: ImpactName;
  /** True only for a completed scan without unresolved violations at or above `failOn`. */
  passed: boolean;
  failing: number;
  failingByImpact: Record<ImpactName, number>;
  reason: string;
  /** With a baseline: its id, and how many findings were left out because it has them too. */
  baseline?: string;
  knownInBaseline?: number;
};

/** A CI pass/fail answer: unresolved (open or confirmed) violations of `failOn` impact or worse. */
export async function evaluateGate(runId: string, failOn: ImpactName, baselineId?: string): Promise<GateResult> {
  const run = await requireRun(runId);
  // A baseline is a session: its latest run's fingerprints are the known ones.
  const baselineRun = baselineId ? await db.testSession.findUnique({ where: { id: baselineId }, select: { runs: { select: { id: true }, orderBy: { number: "desc" }, take: 1 } } }) : null;
  if (baselineId && !baselineRun) throw notFound("Baseline session");
  const baselineRunId = baselineRun?.runs[0]?.id ?? NO_RUN;
  const atOrAbove = IMPACTS.slice(IMPACTS.indexOf(failOn));
  const known = baselineId
    ? Prisma.sql`EXISTS (SELECT 1 FROM violations b WHERE b.run_id = ${baselineRunId}::uuid AND b.kind = 'violation' AND b.fingerprint = v.fingerprint)`
    : Prisma.sql`FALSE`;
  const rows = await queryRows<{ impact: ImpactName; count: number; known: number }>(Prisma.sql`
    SELECT v.impact::text AS impact, count(*) FILTER (WHERE NOT ${known})::int AS count, count(*) FILTER (WHERE ${known})::int AS known
    FROM violations v
    WHERE v.run_id = ${runId}::uuid AND v.kind = 'violation'
      AND v.impact::text IN (${Prisma.join(atOrAbove)}) AND v.status::text IN (${Prisma.join(UNRESOLVED_STATUSES)})
    GROUP BY v.impact`);
  const failingByImpact = Object.fromEntries(IMPACTS.map((impact) => [impact, 0])) as Record<ImpactName, number>;
  for (const row of rows) failingByImpact[row.impact] = row.count;
  const failing = rows.reduce((sum, row) => sum + row.count, 0);
  const knownInBaseline = rows.reduce((sum, row) => sum + row.known, 0);
  const completed = run.status === "completed";
  const what = baselineId ? "new unresolved violation" : "unresolved violation";
  return {
    sessionId: run.session.id,
    runId,
    status: run.status,
    failOn,
    passed: completed && failing === 0,
    failing,
    failingByImpact,
    reason: !completed
      ? `The scan is ${run.status}, not completed.`
      : failing === 0
        ? `No ${what}s of ${failOn} impact or worse.`
        : `${failing} ${what}${failing === 1 ? "" : "s"} of ${failOn} impact or worse.`,
    ...(baselineId ? { baseline: baselineId, knownInBaseline } : {}),
  };
}

/** A screenshot's image; an element's that is a region of its page's screenshot is cut out here. */
export async function getScreenshot(id: string): Promise<{ mimeType: string; data: Uint8Array }> {
  const screenshot = await db.screenshot.findUnique({
    where: { id },
    select: { mimeType: true, data: true, width: true, height: true, clipX: true, clipY: true, pageResultId: true },
  });
  if (!screenshot) throw notFound("Screenshot");
  if (screenshot.data) return { mimeType: screenshot.mimeType, data: screenshot.data };
  const { clipX, clipY, width, height } = screenshot;
  const pageShot = await db.screenshot.findFirst({ where: { pageResultId: screenshot.pageResultId, kind: "page" }, select: { data: true } });
  if (!pageShot?.data || clipX === null || clipY === null || width === null || height === null) throw notFound("Screenshot");
  return { mimeType: "image/jpeg", data: await cropImage(pageShot.data, { x: clipX, y: clipY, width, height }) };
}

/** What GET …/results answers: the summary and a page of grouped findings, with the CI verdict when `failOn` is given. */
export async function getRunResults(runId: string, query: ResultFilters & { failOn?: ImpactName; baseline?: string }) {
  const { failOn, baseline, ...filters } = query;
  const [summary, list, gate] = await Promise.all([
    getResultsSummary(runId),
    listResultGroups(runId, filters),
    failOn ? evaluateGate(runId, failOn, baseline) : Promise.resolve(null),
  ]);
  return { ...(gate ?? {}), summary, ...list };
}
