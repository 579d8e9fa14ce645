/**
 * Two sessions of a project compared issue by issue (fingerprint): new in head, fixed (the page
 * was scanned again and the issue is gone) and unchanged. Issues on pages the head session did
 * not scan are reported apart, as not rescanned, rather than as fixed.
 */
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";

export type ComparedIssue = { fingerprint: string; ruleId: string; impact: string | null; selector: string; help: string | null; url: string; pagePath: string };

const MAX_LISTED = 500;

export async function compareSessions(projectId: string, baseId: string, headId: string) {
  const sessions = await db.testSession.findMany({
    where: { id: { in: [baseId, headId] } },
    select: { id: true, name: true, projectId: true, status: true, completedAt: true },
  });
  const base = sessions.find((session) => session.id === baseId);
  const head = sessions.find((session) => session.id === headId);
  if (!base || !head || base.projectId !== projectId || head.projectId !== projectId) throw notFound("Session of this project");
  if (baseId === headId) throw new AppError("invalid_request", "Choose two different sessions to compare.");

  const rows = await db.$queryRaw<Array<ComparedIssue & { change: "new" | "fixed" | "unchanged" | "not_rescanned" }>>`
    WITH issues AS (
      SELECT DISTINCT ON (v.session_id, v.fingerprint)
             v.session_id, v.fingerprint, v.rule_id, v.impact::text AS impact, v.selector, v.help, p.url,
             regexp_replace(p.url, '^https?://[^/]+', '') AS page_path
      FROM violations v JOIN page_results p ON p.id = v.page_result_id
      WHERE v.session_id IN (${baseId}::uuid, ${headId}::uuid) AND v.kind = 'violation' AND v.fingerprint IS NOT NULL
      ORDER BY v.session_id, v.fingerprint, v.id
    ),
    head_pages AS (
      SELECT DISTINCT regexp_replace(url, '^https?://[^/]+', '') AS page_path
      FROM page_results WHERE session_id = ${headId}::uuid AND state = 'done'
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
    FROM (SELECT * FROM issues WHERE session_id = ${baseId}::uuid) b
    FULL OUTER JOIN (SELECT * FROM issues WHERE session_id = ${headId}::uuid) h ON h.fingerprint = b.fingerprint
    ORDER BY change, "ruleId", "pagePath", selector`;

  const bucket = (change: string) => rows.filter((row) => row.change === change).map(({ change: _change, ...issue }) => issue);
  const summarize = (issues: ComparedIssue[]) => ({ count: issues.length, issues: issues.slice(0, MAX_LISTED) });
  const describe = (session: typeof base) => ({ id: session.id, name: session.name, status: session.status, completedAt: session.completedAt?.toISOString() ?? null });
  return {
    base: describe(base),
    head: describe(head),
    new: summarize(bucket("new")),
    fixed: summarize(bucket("fixed")),
    unchanged: summarize(bucket("unchanged")),
    notRescanned: summarize(bucket("not_rescanned")),
  };
}
export type SessionComparison = Awaited<ReturnType<typeof compareSessions>>;

/** Sessions of a project that have results, newest first, for choosing what to compare. */
export async function listComparableSessions(projectId: string) {
  return db.testSession.findMany({
    where: { projectId, status: { in: ["completed", "cancelled"] } },
    select: { id: true, name: true, status: true, completedAt: true },
    orderBy: [{ completedAt: "desc" }, { createdAt: "desc" }],
    take: 200,
  });
}
