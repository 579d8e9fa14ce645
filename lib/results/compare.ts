/**
 * Two runs of a project compared issue by issue (fingerprint): new in head, fixed (the page
 * was scanned again and the issue is gone) and unchanged. Issues on pages the head run did not
 * scan are reported apart, as not rescanned, rather than as fixed. The runs may belong to the
 * same session (a re-scan) or to two sessions of the project; a session id stands for its
 * latest run.
 */
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";

export type ComparedIssue = { fingerprint: string; ruleId: string; impact: string | null; selector: string; help: string | null; url: string; pagePath: string };

const MAX_LISTED = 500;

const runSelect = { id: true, number: true, status: true, completedAt: true, session: { select: { id: true, name: true, projectId: true } } } as const;

/** A run of the project by its id, or the latest run of a session of the project by the session's id. */
async function findProjectRun(projectId: string, id: string) {
  const run = await db.scanRun.findUnique({ where: { id }, select: runSelect });
  if (run) return run.session.projectId === projectId ? run : null;
  const latest = await db.scanRun.findFirst({ where: { sessionId: id }, select: runSelect, orderBy: { number: "desc" } });
  return latest?.session.projectId === projectId ? latest : null;
}

export async function compareRuns(projectId: string, baseId: string, headId: string) {
  const [base, head] = await Promise.all([findProjectRun(projectId, baseId), findProjectRun(projectId, headId)]);
  if (!base || !head) throw notFound("Scan run of this project");
  if (base.id === head.id) throw new AppError("invalid_request", "Choose two different runs to compare.");

  const rows = await db.$queryRaw<Array<ComparedIssue & { change: "new" | "fixed" | "unchanged" | "not_rescanned" }>>`
    WITH issues AS (
      SELECT DISTINCT ON (v.run_id, v.fingerprint)
             v.run_id, v.fingerprint, v.rule_id, v.impact::text AS impact, v.selector, v.help, p.url,
             regexp_replace(p.url, '^https?://[^/]+', '') AS page_path
      FROM violations v JOIN page_results p ON p.id = v.page_result_id
      WHERE v.run_id IN (${base.id}::uuid, ${head.id}::uuid) AND v.kind = 'violation' AND v.fingerprint IS NOT NULL
      ORDER BY v.run_id, v.fingerprint, v.id
    ),
    head_pages AS (
      SELECT DISTINCT regexp_replace(url, '^https?://[^/]+', '') AS page_path
      FROM page_results WHERE run_id = ${head.id}::uuid AND state = 'done'
    )
    SELECT CASE
             WHEN b.fingerprint IS NULL THEN 'new'
             WHEN h.fingerprint IS NOT NULL THEN 'unchanged'
             WHEN b.page_path IN (SELECT page_path FROM head_pages) THEN 'fixed'
             ELSE 'not_rescanned'
           END AS change,
           coalesce(h.fingerprint, b.fingerprint) AS fingerprint, coalesce(h.rule_id, b.rule_id) AS "ruleId",
           coalesce(h.impact, b.impact) AS impact, coalesce(h.selector, b.selector) AS selector,
           coalesce(h.help, b.help) AS help, coalesce(h.url, b.url) AS url, coalesce(h.page_path, b.page_path) AS "pagePath"
    FROM (SELECT * FROM issues WHERE run_id = ${base.id}::uuid) b
    FULL OUTER JOIN (SELECT * FROM issues WHERE run_id = ${head.id}::uuid) h ON h.fingerprint = b.fingerprint
    ORDER BY change, "ruleId", "pagePath", selector`;

  const bucket = (change: string) => rows.filter((row) => row.change === change).map(({ change: _change, ...issue }) => issue);
  const summarize = (issues: ComparedIssue[]) => ({ count: issues.length, issues: issues.slice(0, MAX_LISTED) });
  const describe = (run: typeof base) => ({
    id: run.id,
    number: run.number,
    sessionId: run.session.id,
    name: run.session.name,
    status: run.status,
    completedAt: run.completedAt?.toISOString() ?? null,
  });
  return {
    base: describe(base),
    head: describe(head),
    new: summarize(bucket("new")),
    fixed: summarize(bucket("fixed")),
    unchanged: summarize(bucket("unchanged")),
    notRescanned: summarize(bucket("not_rescanned")),
  };
}
export type RunComparison = Awaited<ReturnType<typeof compareRuns>>;
