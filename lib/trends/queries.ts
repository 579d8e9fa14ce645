/**
 * A project's trend over its completed runs (all sessions, oldest first): open violations by
 * impact and by success criterion, pages scanned, and issues new or fixed since the previous
 * run of the same session (runs of different sessions scan different pages, so they are not
 * compared with each other). "Open" means not triaged away: open or confirmed.
 */
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { IMPACTS, UNRESOLVED_STATUSES } from "@/lib/results/schema";
import { pageScore, scanScore, type RuleCounts } from "@/lib/results/score";
import { TREND_IMPACTS, trendsQuerySchema, type TrendsQuery } from "./schema";

export type TrendPoint = {
  runId: string;
  runNumber: number;
  sessionId: string;
  sessionName: string;
  completedAt: string;
  pagesScanned: number;
  /** The scan's score (lib/results/score.ts, as on its results page); null when no page was scanned. */
  score: number | null;
  open: Record<(typeof TREND_IMPACTS)[number] | "total", number>;
  byCriterion: Record<string, number>;
  newIssues: number;
  fixedIssues: number;
};

export type Trends = { projectId: string; points: TrendPoint[]; criteria: string[] };

type RunRow = { runId: string; runNumber: number; sessionId: string; sessionName: string; completedAt: Date; pagesScanned: number; previousRunId: string | null };

export async function getProjectTrends(projectId: string, input: TrendsQuery = {}): Promise<Trends> {
  const { limit } = trendsQuerySchema.parse(input);
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) throw notFound("Project");
  const runs = await db.$queryRaw<RunRow[]>`
    SELECT * FROM (
      SELECT r.id::text AS "runId", r.number AS "runNumber", s.id::text AS "sessionId", s.name AS "sessionName",
             r.completed_at AS "completedAt",
             (SELECT count(*) FROM page_results p WHERE p.run_id = r.id AND p.state = 'done')::int AS "pagesScanned",
             (lag(r.id) OVER (PARTITION BY r.session_id ORDER BY r.number))::text AS "previousRunId"
      FROM scan_runs r JOIN test_sessions s ON s.id = r.session_id
      WHERE s.project_id = ${projectId}::uuid AND r.status = 'completed' AND r.completed_at IS NOT NULL
    ) runs ORDER BY "completedAt" DESC, "runId" DESC LIMIT ${limit}`;
  runs.reverse();
  if (runs.length === 0) return { projectId, points: [], criteria: [] };
  const ids = runs.map((run) => run.runId);

  const impacts = await db.$queryRaw<Array<{ runId: string; impact: string | null; count: number }>>`
    SELECT run_id::text AS "runId", impact::text, count(*)::int AS count FROM violations
    WHERE run_id = ANY(${ids}::uuid[]) AND kind = 'violation' AND status IN ('open', 'confirmed')
    GROUP BY run_id, impact`;
  const criteria = await db.$queryRaw<Array<{ runId: string; criterion: string; count: number }>>`
    SELECT run_id::text AS "runId", criterion, count(*)::int AS count
    FROM violations, unnest(wcag_criteria) AS criterion
    WHERE run_id = ANY(${ids}::uuid[]) AND kind = 'violation' AND status IN ('open', 'confirmed')
    GROUP BY run_id, criterion`;
  // An issue is its fingerprint; "fixed" ones were in the previous run of the session and are not in this one.
  const changes = await db.$queryRaw<Array<{ runId: string; newIssues: number; fixedIssues: number }>>`
    WITH pairs AS (SELECT * FROM unnest(${ids}::uuid[], ${runs.map((run) => run.previousRunId)}::uuid[]) AS p(run_id, previous_id)),
    issues AS (
      SELECT DISTINCT run_id, fingerprint FROM violations
      WHERE kind = 'violation' AND fingerprint IS NOT NULL
        AND run_id IN (SELECT run_id FROM pairs UNION SELECT previous_id FROM pairs WHERE previous_id IS NOT NULL)
    )
    SELECT pairs.run_id::text AS "runId",
           (SELECT count(*) FROM issues i WHERE i.run_id = pairs.run_id
              AND NOT EXISTS (SELECT 1 FROM issues p WHERE p.run_id = pairs.previous_id AND p.fingerprint = i.fingerprint))::int AS "newIssues",
           (SELECT count(*) FROM issues p WHERE p.run_id = pairs.previous_id
              AND NOT EXISTS (SELECT 1 FROM issues i WHERE i.run_id = pairs.run_id AND i.fingerprint = p.fingerprint))::int AS "fixedIssues"
    FROM pairs`;

  // Per page, the distinct unresolved rules failing at each impact: the inputs of the page score.
  const pageRules = await db.$queryRaw<Array<{ runId: string; pageId: string; impact: string; rules: number }>>`
    SELECT v.run_id::text AS "runId", v.page_result_id::text AS "pageId", v.impact::text AS impact, count(DISTINCT v.rule_id)::int AS rules
    FROM violations v JOIN page_results p ON p.id = v.page_result_id AND p.state = 'done'
    WHERE v.run_id = ANY(${ids}::uuid[]) AND v.kind = 'violation' AND v.impact IS NOT NULL
      AND v.status::text = ANY(${[...UNRESOLVED_STATUSES]}::text[])
    GROUP BY v.run_id, v.page_result_id, v.impact`;
  const failingPages = new Map<string, Map<string, RuleCounts>>();
  for (const row of pageRules) {
    const pages = failingPages.get(row.runId) ?? new Map<string, RuleCounts>();
    failingPages.set(row.runId, pages);
    const counts = pages.get(row.pageId) ?? (Object.fromEntries(IMPACTS.map((impact) => [impact, 0])) as RuleCounts);
    pages.set(row.pageId, counts);
    if (row.impact in counts) counts[row.impact as keyof RuleCounts] += row.rules;
  }
  const runScore = (run: RunRow): number | null => {
    const failing = [...(failingPages.get(run.runId)?.values() ?? [])].map(pageScore);
    // Pages scanned with nothing unresolved score 100.
    return scanScore([...failing, ...Array<number>(Math.max(0, run.pagesScanned - failing.length)).fill(100)]);
  };

  const changeByRun = new Map(changes.map((row) => [row.runId, row]));
  const points = runs.map((run): TrendPoint => {
    const open = { critical: 0, serious: 0, moderate: 0, minor: 0, total: 0 };
    for (const row of impacts) {
      if (row.runId !== run.runId) continue;
      if (row.impact && row.impact in open) open[row.impact as keyof typeof open] += row.count;
      open.total += row.count;
    }
    const byCriterion = Object.fromEntries(criteria.filter((row) => row.runId === run.runId).map((row) => [row.criterion, row.count]));
    return {
      runId: run.runId,
      runNumber: run.runNumber,
      sessionId: run.sessionId,
      sessionName: run.sessionName,
      completedAt: run.completedAt.toISOString(),
      pagesScanned: run.pagesScanned,
      score: runScore(run),
      open,
      byCriterion,
      newIssues: changeByRun.get(run.runId)?.newIssues ?? 0,
      fixedIssues: changeByRun.get(run.runId)?.fixedIssues ?? 0,
    };
  });
  const allCriteria = [...new Set(criteria.map((row) => row.criterion))].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  return { projectId, points, criteria: allCriteria };
}

const csvCell = (value: string | number) => (typeof value === "number" ? String(value) : /[",\n\r]/.test(value) || /^[=+\-@]/.test(value) ? `"${value.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : value);

/** The series as CSV: one row per run, one column per series (criteria as "criterion <n>"). */
export function trendsToCsv(trends: Trends): string {
  const header = ["run_id", "session", "run_number", "completed_at", "pages_scanned", "score", ...TREND_IMPACTS.map((impact) => `open_${impact}`), "open_total", "new_issues", "fixed_issues", ...trends.criteria.map((criterion) => `criterion ${criterion}`)];
  const rows = trends.points.map((point) => [
    point.runId,
    point.sessionName,
    point.runNumber,
    point.completedAt,
    point.pagesScanned,
    point.score ?? "",
    ...TREND_IMPACTS.map((impact) => point.open[impact]),
    point.open.total,
    point.newIssues,
    point.fixedIssues,
    ...trends.criteria.map((criterion) => point.byCriterion[criterion] ?? 0),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
