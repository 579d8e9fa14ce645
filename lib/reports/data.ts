/**
 * Everything a conformance report shows, read once: scope and sample, method, every criterion
 * with the tester's outcome and its ACR level, manual failure instances and the open automated
 * findings grouped by criterion with a few examples each (the CSV export has them all).
 */
import { listCriterionInstances, listSessionCriteria, type AuditSession, type CriterionInstanceView, type CriterionRow } from "@/lib/audits/queries";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { getScreenshot } from "@/lib/results/queries";
import { findLatestRunId, NO_RUN } from "@/lib/runs/queries";
import { IMPACTS, UNRESOLVED_STATUSES, type ImpactName } from "@/lib/results/schema";
import { sessionScopeSchema } from "@/lib/sessions/schema";
import { acrLevelFor, type AcrLevel } from "./conformance";

/** Examples of each automated rule per criterion, and how many of them carry a screenshot. */
const EXAMPLES_PER_RULE = 3;
const MAX_EMBEDDED_SCREENSHOTS = 40;

export type EmbeddedImage = { mimeType: string; base64: string; width: number | null; height: number | null };

export type AutomatedFindingGroup = {
  ruleId: string;
  kind: "violation" | "needs_review";
  impact: ImpactName | null;
  help: string | null;
  helpUrl: string | null;
  instances: number;
  pages: number;
  examples: Array<{ url: string; selector: string; html: string; screenshot: EmbeddedImage | null }>;
};

export type ReportCriterion = CriterionRow & {
  acrLevel: AcrLevel;
  failingPages: number;
  manualInstances: Array<CriterionInstanceView & { screenshot: EmbeddedImage | null }>;
  automatedFindings: AutomatedFindingGroup[];
};

export type ReportData = {
  generatedAt: Date;
  session: AuditSession & {
    description: string | null;
    status: string;
    startedAt: Date | null;
    completedAt: Date | null;
    createdBy: string;
    /** The audit owner's address, the report's contact. */
    createdByEmail: string;
  };
  pages: Array<{ url: string; title: string | null; state: string; httpStatus: number | null }>;
  /** The pages the verdicts speak for: scanned pages, or a manual session's scope. */
  sampleSize: number;
  engines: Array<{ engine: string; version: string; pages: number }>;
  testers: string[];
  criteria: ReportCriterion[];
  triagedAway: number;
};

function embed(image: { mimeType: string; data: Uint8Array }, width: number | null, height: number | null): EmbeddedImage {
  return { mimeType: image.mimeType, base64: Buffer.from(image.data).toString("base64"), width, height };
}

export async function gatherReportData(sessionId: string): Promise<ReportData> {
  const detail = await db.testSession.findUnique({
    where: { id: sessionId },
    select: { description: true, status: true, startedAt: true, completedAt: true, scope: true, createdBy: { select: { name: true, email: true } } },
  });
  if (!detail) throw notFound("Test session");
  // Automated results come from the session's latest run (none yet: a run id that matches nothing).
  const runId = (await findLatestRunId(sessionId)) ?? NO_RUN;
  const unresolved = [...UNRESOLVED_STATUSES];
  const [{ session, criteria }, instances, pages, engines, groups, failingRows, triaged] = await Promise.all([
    listSessionCriteria(sessionId),
    listCriterionInstances(sessionId),
    db.pageResult.findMany({ where: { runId }, select: { url: true, title: true, state: true, httpStatus: true }, orderBy: { url: "asc" } }),
    db.$queryRaw<Array<{ engine: string; version: string; pages: number }>>`
      SELECT e.engine, e.version, count(*)::int AS pages FROM (
        SELECT p.id, p.engine, coalesce(p.engine_version, '') AS version FROM page_results p WHERE p.run_id = ${runId}::uuid AND p.engine IS NOT NULL
        UNION
        SELECT p.id, kv.key, kv.value FROM page_results p CROSS JOIN jsonb_each_text(p.engines) kv WHERE p.run_id = ${runId}::uuid
      ) e GROUP BY e.engine, e.version ORDER BY e.engine = 'axe-core' DESC, e.engine, e.version`,
    db.$queryRaw<Array<{ criterion: string; ruleId: string; kind: "violation" | "needs_review"; impactRank: number | null; help: string | null; helpUrl: string | null; instances: number; pages: number; examples: Array<{ url: string; selector: string; html: string; screenshotId: string | null }> }>>`
      WITH f AS (
        SELECT c.id AS criterion, v.rule_id, v.kind::text AS kind, v.impact::text AS impact, v.help, v.help_url, v.selector, v.html, v.page_result_id,
               p.url, s.id::text AS screenshot_id,
               row_number() OVER (PARTITION BY c.id, v.rule_id, v.kind ORDER BY p.url, v.selector, v.id) AS n
        FROM violations v CROSS JOIN LATERAL unnest(v.wcag_criteria) AS c(id)
        JOIN page_results p ON p.id = v.page_result_id
        LEFT JOIN screenshots s ON s.violation_id = v.id
        WHERE v.run_id = ${runId}::uuid AND v.status::text = ANY (${unresolved}::text[]))
      SELECT criterion, rule_id AS "ruleId", kind, max(array_position(ARRAY['minor','moderate','serious','critical'], impact)) AS "impactRank",
             min(help) AS help, min(help_url) AS "helpUrl", count(*)::int AS instances, count(DISTINCT page_result_id)::int AS pages,
             json_agg(json_build_object('url', url, 'selector', selector, 'html', left(html, 400), 'screenshotId', screenshot_id) ORDER BY n)
               FILTER (WHERE n <= ${EXAMPLES_PER_RULE}) AS examples
      FROM f GROUP BY criterion, rule_id, kind
      ORDER BY criterion, kind, "impactRank" DESC NULLS LAST, instances DESC`,
    db.$queryRaw<Array<{ criterion: string; urls: string[] }>>`
      SELECT c.id AS criterion, array_agg(DISTINCT p.url) AS urls
      FROM violations v CROSS JOIN LATERAL unnest(v.wcag_criteria) AS c(id) JOIN page_results p ON p.id = v.page_result_id
      WHERE v.run_id = ${runId}::uuid AND v.kind = 'violation' AND v.status::text = ANY (${unresolved}::text[])
      GROUP BY c.id`,
    db.violation.count({ where: { runId, status: { notIn: unresolved } } }),
  ]);

  const scope = sessionScopeSchema.safeParse(detail.scope);
  const scannedUrls = pages.filter((page) => page.state === "done").map((page) => page.url);
  const sample = new Set(scannedUrls.length > 0 ? scannedUrls : scope.success ? [...scope.data.urls, ...(scope.data.startUrl ? [scope.data.startUrl] : [])] : []);
  for (const list of instances.values()) for (const instance of list) sample.add(instance.pageUrl);
  const failingUrls = new Map(failingRows.map((row) => [row.criterion, row.urls]));

  let screenshotBudget = MAX_EMBEDDED_SCREENSHOTS;
  const manualShots = new Map<string, EmbeddedImage>();
  const withShots = [...instances.values()].flat().filter((instance) => instance.hasScreenshot).slice(0, screenshotBudget);
  if (withShots.length > 0) {
    const rows = await db.criterionInstance.findMany({
      where: { id: { in: withShots.map((instance) => instance.id) } },
      select: { id: true, screenshotMimeType: true, screenshotData: true, screenshotWidth: true, screenshotHeight: true },
    });
    for (const row of rows) {
      if (row.screenshotMimeType && row.screenshotData) manualShots.set(row.id, embed({ mimeType: row.screenshotMimeType, data: row.screenshotData }, row.screenshotWidth, row.screenshotHeight));
    }
    screenshotBudget -= manualShots.size;
  }

  const groupsByCriterion = new Map<string, AutomatedFindingGroup[]>();
  for (const group of groups) {
    const examples: AutomatedFindingGroup["examples"] = [];
    for (const [index, example] of group.examples.entries()) {
      let screenshot: EmbeddedImage | null = null;
      // One screenshot per rule and criterion keeps a 500-page report light.
      if (index === 0 && example.screenshotId && screenshotBudget > 0) {
        screenshotBudget -= 1;
        screenshot = await getScreenshot(example.screenshotId).then(
          (image) => embed(image, null, null),
          () => null,
        );
      }
      examples.push({ url: example.url, selector: example.selector, html: example.html, screenshot });
    }
    const list = groupsByCriterion.get(group.criterion) ?? [];
    list.push({
      ruleId: group.ruleId,
      kind: group.kind,
      impact: group.impactRank ? (IMPACTS[group.impactRank - 1] ?? null) : null,
      help: group.help,
      helpUrl: group.helpUrl,
      instances: group.instances,
      pages: group.pages,
      examples,
    });
    groupsByCriterion.set(group.criterion, list);
  }

  const reportCriteria = criteria.map((row): ReportCriterion => {
    const manual = instances.get(row.criterion) ?? [];
    const failing = new Set([...(failingUrls.get(row.criterion) ?? []), ...manual.map((instance) => instance.pageUrl)]);
    return {
      ...row,
      acrLevel: acrLevelFor(row.outcome, { failingPages: failing.size, sampledPages: sample.size }),
      failingPages: failing.size,
      manualInstances: manual.map((instance) => ({ ...instance, screenshot: manualShots.get(instance.id) ?? null })),
      automatedFindings: groupsByCriterion.get(row.criterion) ?? [],
    };
  });

  const testers = [...new Set(criteria.flatMap((row) => (row.testedBy ? [row.testedBy.name] : [])))].sort();
  return {
    generatedAt: new Date(),
    session: { ...session, description: detail.description, status: detail.status, startedAt: detail.startedAt, completedAt: detail.completedAt, createdBy: detail.createdBy.name, createdByEmail: detail.createdBy.email },
    pages,
    sampleSize: sample.size,
    engines,
    testers,
    criteria: reportCriteria,
    triagedAway: triaged,
  };
}
