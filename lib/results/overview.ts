/**
 * What the results page says first: a verdict in words, counts that follow the triage status
 * filter (open versus triaged), findings by impact, WCAG principle, criterion and rule, every page
 * ranked by its score, and the pages that could not be scanned with their reasons.
 */
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { compareCriterionIds, getCriterion } from "@/lib/wcag/criteria";
import { requireRun } from "./queries";
import { IMPACTS, TRIAGE_STATUSES, UNRESOLVED_STATUSES, type ImpactName, type TriageStatusName } from "./schema";
import { pageScore, scanScore, type RuleCounts } from "./score";

export const PRINCIPLES = [
  { id: "1", name: "Perceivable" },
  { id: "2", name: "Operable" },
  { id: "3", name: "Understandable" },
  { id: "4", name: "Robust" },
] as const;

/** Triage statuses that take a finding out of the open count. */
export const TRIAGED_STATUSES: readonly TriageStatusName[] = TRIAGE_STATUSES.filter((status) => !UNRESOLVED_STATUSES.includes(status));

const PAGES_RANKED = 25;
const ERROR_PAGES_LISTED = 500;

type ImpactCounts = Record<ImpactName, number>;

export type PageOutcome = {
  id: string;
  url: string;
  title: string | null;
  state: "pending" | "scanning" | "done" | "error";
  error: string | null;
  httpStatus: number | null;
  /** Violations matching the status filter. */
  findings: number;
  byImpact: ImpactCounts;
  /** 0–100 for a scanned page (see ./score.ts); null for a page not (yet) scanned. */
  score: number | null;
};

export type Verdict = { tone: "progress" | "empty" | "clean" | "findings" | "failed"; text: string };

function impactCounts(row: Record<string, unknown>, prefix = ""): ImpactCounts {
  return Object.fromEntries(IMPACTS.map((impact) => [impact, Number(row[`${prefix}${impact}`] ?? 0)])) as ImpactCounts;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/**
 * One sentence on what happened. "No WCAG violations found" is said only of a finished scan
 * that scanned pages and found nothing in any triage status: zero pages, a scan still running
 * and an all-triaged result each say what they are.
 */
export function describeOutcome(input: {
  status: string;
  failureReason?: string | null;
  pagesDone: number;
  pagesError: number;
  pagesTotal: number;
  /** Violations in any status. */
  allViolations: number;
  /** Violations matching the status filter. */
  shown: number;
  triaged: number;
}): Verdict {
  const { status, pagesDone, pagesError, pagesTotal, allViolations, shown, triaged } = input;
  const errors = pagesError > 0 ? ` ${plural(pagesError, "page")} could not be scanned.` : "";
  if (status === "draft") return { tone: "empty", text: "Nothing was scanned yet: the scan has not been started." };
  if (status === "queued" || status === "running") {
    return { tone: "progress", text: `Scan in progress — ${plural(allViolations, "finding")} so far, ${pagesDone} of ${pagesTotal} pages scanned.${errors}` };
  }
  if (pagesDone === 0) {
    const why = status === "failed" && input.failureReason ? ` The scan failed: ${input.failureReason}` : pagesTotal === 0 ? " The scan had no pages to scan." : "";
    return { tone: status === "failed" ? "failed" : "empty", text: `Nothing was scanned.${why}${errors}`.trim() };
  }
  const finished = status === "completed" ? "" : ` The scan was ${status} before it finished.`;
  if (allViolations === 0) {
    return { tone: status === "completed" ? "clean" : "empty", text: `No WCAG violations found on ${plural(pagesDone, "scanned page")}.${errors}${finished}` };
  }
  const triagedText = triaged > 0 ? ` ${plural(triaged, "finding")} triaged (false positive, won't fix or fixed).` : "";
  return { tone: shown === 0 ? "clean" : "findings", text: `${plural(shown, "violation")} shown on ${plural(pagesDone, "scanned page")}.${triagedText}${errors}${finished}` };
}

/** `statuses`: the triage statuses counted (the status filter); unresolved ones by default. */
export async function getResultsOverview(runId: string, statuses: readonly TriageStatusName[] = UNRESOLVED_STATUSES) {
  const run = await requireRun(runId);
  const { session } = run;
  const chosen = statuses.length > 0 ? statuses : TRIAGE_STATUSES;
  const inStatus = Prisma.sql`v.status::text IN (${Prisma.join(chosen)})`;
  const unresolved = Prisma.sql`v.status::text IN (${Prisma.join(UNRESOLVED_STATUSES)})`;
  const byImpactColumns = (condition: Prisma.Sql, prefix = "") =>
    Prisma.join(
      IMPACTS.map((impact) => Prisma.sql`count(v.id) FILTER (WHERE v.kind = 'violation' AND ${condition} AND v.impact = ${impact}::"Impact")::int AS ${Prisma.raw(`"${prefix}${impact}"`)}`),
      ", ",
    );
  const statusColumns = Prisma.join(
    TRIAGE_STATUSES.map((status) => Prisma.sql`count(*) FILTER (WHERE v.kind = 'violation' AND v.status::text = ${status})::int AS ${Prisma.raw(`"status_${status}"`)}`),
    ", ",
  );

  const [totals = {}] = await db.$queryRaw<Array<Record<string, number>>>`
    SELECT count(*) FILTER (WHERE v.kind = 'violation' AND ${inStatus})::int AS shown,
           count(DISTINCT v.fingerprint) FILTER (WHERE v.kind = 'violation' AND ${inStatus})::int AS issues,
           count(*) FILTER (WHERE v.kind = 'needs_review' AND ${inStatus})::int AS "needsReview",
           count(*) FILTER (WHERE v.kind = 'violation')::int AS "allViolations",
           ${byImpactColumns(inStatus)}, ${statusColumns}
    FROM violations v WHERE v.run_id = ${runId}::uuid`;

  const pageRows = await db.$queryRaw<Array<Record<string, unknown> & { id: string; url: string; title: string | null; state: PageOutcome["state"]; error: string | null; httpStatus: number | null; findings: number; authenticated: boolean }>>`
    SELECT p.id::text AS id, p.url, p.title, p.state::text AS state, p.error, p.http_status AS "httpStatus", p.authenticated,
           count(v.id) FILTER (WHERE v.kind = 'violation' AND ${inStatus})::int AS findings,
           ${byImpactColumns(inStatus)},
           ${Prisma.join(
             IMPACTS.map(
               (impact) =>
                 Prisma.sql`count(DISTINCT v.rule_id) FILTER (WHERE v.kind = 'violation' AND ${unresolved} AND v.impact = ${impact}::"Impact")::int AS ${Prisma.raw(`"rules_${impact}"`)}`,
             ),
             ", ",
           )}
    FROM page_results p LEFT JOIN violations v ON v.page_result_id = p.id
    WHERE p.run_id = ${runId}::uuid
    GROUP BY p.id`;

  const byPrinciple = await db.$queryRaw<Array<{ principle: string | null; instances: number }>>`
    SELECT left(c.id, 1) AS principle, count(DISTINCT v.id)::int AS instances
    FROM violations v LEFT JOIN LATERAL unnest(v.wcag_criteria) AS c(id) ON true
    WHERE v.run_id = ${runId}::uuid AND v.kind = 'violation' AND ${inStatus}
    GROUP BY 1`;
  const byCriterion = await db.$queryRaw<Array<{ id: string; instances: number; pages: number }>>`
    SELECT c.id, count(*)::int AS instances, count(DISTINCT v.page_result_id)::int AS pages
    FROM violations v CROSS JOIN LATERAL unnest(v.wcag_criteria) AS c(id)
    WHERE v.run_id = ${runId}::uuid AND v.kind = 'violation' AND ${inStatus}
    GROUP BY c.id`;

  const withoutBlockers = new Set<string>();
  const pages: PageOutcome[] = pageRows.map((row) => {
    const rules: RuleCounts = impactCounts(row, "rules_");
    if (rules.critical === 0 && rules.serious === 0) withoutBlockers.add(row.id);
    return {
      id: row.id,
      url: row.url,
      title: row.title,
      state: row.state,
      error: row.error,
      httpStatus: row.httpStatus,
      findings: row.findings,
      byImpact: impactCounts(row),
      score: row.state === "done" ? pageScore(rules) : null,
    };
  });
  const scanned = pages.filter((page) => page.state === "done");
  const errorPages = pages.filter((page) => page.state === "error").sort((a, b) => a.url.localeCompare(b.url));
  const byStatus = Object.fromEntries(TRIAGE_STATUSES.map((status) => [status, Number(totals[`status_${status}`] ?? 0)])) as Record<TriageStatusName, number>;
  const open = UNRESOLVED_STATUSES.reduce((sum, status) => sum + byStatus[status], 0);
  const triaged = TRIAGED_STATUSES.reduce((sum, status) => sum + byStatus[status], 0);
  const allViolations = Number(totals.allViolations ?? 0);
  const shown = Number(totals.shown ?? 0);
  const principleCount = new Map(byPrinciple.map((row) => [row.principle, row.instances]));

  return {
    session: {
      id: session.id,
      name: session.name,
      status: session.status,
      projectId: session.projectId,
      projectName: session.project.name,
      wcagVersion: session.wcagVersion,
      wcagLevel: session.wcagLevel,
      completedAt: run.completedAt?.toISOString() ?? null,
    },
    run: { id: run.id, number: run.number, status: run.status, startedAt: run.startedAt?.toISOString() ?? null, completedAt: run.completedAt?.toISOString() ?? null },
    statuses: chosen,
    pages: {
      total: pages.length,
      done: scanned.length,
      error: errorPages.length,
      waiting: pages.length - scanned.length - errorPages.length,
      /** Scanned signed in (with the session's auth config). */
      signedIn: pageRows.filter((row) => row.authenticated).length,
    },
    errorPages: errorPages.slice(0, ERROR_PAGES_LISTED),
    /** Worst first: lowest score, then most findings; pages not scanned come last. */
    pagesRanked: [...scanned]
      .sort((a, b) => (a.score ?? 101) - (b.score ?? 101) || b.findings - a.findings || a.url.localeCompare(b.url))
      .slice(0, PAGES_RANKED),
    score: scanScore(scanned.map((page) => page.score ?? 0)),
    /** Share of scanned pages without an unresolved critical or serious finding, 0–100. */
    pagesWithoutBlockers: scanned.length === 0 ? null : Math.round((100 * scanned.filter((page) => withoutBlockers.has(page.id)).length) / scanned.length),
    findings: {
      shown,
      issues: Number(totals.issues ?? 0),
      needsReview: Number(totals.needsReview ?? 0),
      byImpact: impactCounts(totals),
      all: allViolations,
      open,
      triaged,
      byStatus,
    },
    byPrinciple: [
      ...PRINCIPLES.map((principle) => ({ id: principle.id, name: `${principle.id}. ${principle.name}`, instances: principleCount.get(principle.id) ?? 0 })),
      { id: "none", name: "Best practice (no WCAG criterion)", instances: principleCount.get(null) ?? 0 },
    ],
    byCriterion: byCriterion
      .map((row) => {
        const criterion = getCriterion(row.id);
        return { id: row.id, title: criterion?.title ?? null, level: criterion?.level ?? null, understanding: criterion?.understanding ?? null, instances: row.instances, pages: row.pages };
      })
      .sort((a, b) => compareCriterionIds(a.id, b.id)),
    verdict: describeOutcome({
      status: run.status,
      failureReason: run.failureReason,
      pagesDone: scanned.length,
      pagesError: errorPages.length,
      pagesTotal: pages.length,
      allViolations,
      shown,
      triaged,
    }),
  };
}
export type ResultsOverview = Awaited<ReturnType<typeof getResultsOverview>>;

export type SessionScore = { score: number | null; pagesDone: number; pagesError: number; open: number; openByImpact: ImpactCounts };

/** Score and open (unresolved) violation counts of several sessions' latest runs at once, for lists and history. */
export async function listSessionScores(sessionIds: string[]): Promise<Map<string, SessionScore>> {
  const result = new Map<string, SessionScore>();
  if (sessionIds.length === 0) return result;
  const unresolved = Prisma.sql`v.kind = 'violation' AND v.status::text IN (${Prisma.join(UNRESOLVED_STATUSES)})`;
  const rows = await db.$queryRaw<Array<Record<string, unknown> & { sessionId: string; state: string }>>`
    SELECT p.session_id::text AS "sessionId", p.state::text AS state,
           ${Prisma.join(
             IMPACTS.map(
               (impact) =>
                 Prisma.sql`count(DISTINCT v.rule_id) FILTER (WHERE ${unresolved} AND v.impact = ${impact}::"Impact")::int AS ${Prisma.raw(`"rules_${impact}"`)},
                            count(v.id) FILTER (WHERE ${unresolved} AND v.impact = ${impact}::"Impact")::int AS ${Prisma.raw(`"${impact}"`)}`,
             ),
             ", ",
           )}
    FROM page_results p LEFT JOIN violations v ON v.page_result_id = p.id
    WHERE p.run_id IN (SELECT DISTINCT ON (r.session_id) r.id FROM scan_runs r
                       WHERE r.session_id IN (${Prisma.join(sessionIds.map((id) => Prisma.sql`${id}::uuid`))})
                       ORDER BY r.session_id, r.number DESC)
    GROUP BY p.session_id, p.id`;
  const scores = new Map<string, number[]>();
  for (const id of sessionIds) {
    result.set(id, { score: null, pagesDone: 0, pagesError: 0, open: 0, openByImpact: { critical: 0, serious: 0, moderate: 0, minor: 0 } });
    scores.set(id, []);
  }
  for (const row of rows) {
    const entry = result.get(row.sessionId)!;
    if (row.state === "error") entry.pagesError++;
    if (row.state !== "done") continue;
    entry.pagesDone++;
    scores.get(row.sessionId)!.push(pageScore(impactCounts(row, "rules_")));
    const counts = impactCounts(row);
    for (const impact of IMPACTS) {
      entry.openByImpact[impact] += counts[impact];
      entry.open += counts[impact];
    }
  }
  for (const [id, pageScores] of scores) result.get(id)!.score = scanScore(pageScores);
  return result;
}
