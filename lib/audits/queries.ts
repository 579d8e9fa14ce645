/**
 * Reading an audit: every criterion in the session's scope with the tester's outcome, the
 * automated counts behind its proposal, and progress by principle and level.
 */
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { TestingApproach } from "@/lib/generated/prisma/enums";
import { UNRESOLVED_STATUSES } from "@/lib/results/schema";
import { findLatestRunId, NO_RUN } from "@/lib/runs/queries";
import { toApiWcagVersion } from "@/lib/sessions/schema";
import { criteriaCoveredByEngine } from "@/lib/wcag/automated-coverage";
import { criteriaInScope, getCriterion, type ScopedCriterion, type WcagLevelName, type WcagVersionName } from "@/lib/wcag/criteria";
import { proposeOutcome } from "./proposals";
import type { CriterionOutcomeName, ProposalKind } from "./schema";

export type AuditSession = {
  id: string;
  name: string;
  approach: TestingApproach;
  wcagVersion: WcagVersionName;
  wcagLevel: WcagLevelName;
  projectId: string;
  projectName: string;
  primaryUrl: string;
};

export async function getAuditSession(sessionId: string): Promise<AuditSession> {
  const row = await db.testSession.findUnique({
    where: { id: sessionId },
    select: { id: true, name: true, approach: true, wcagVersion: true, wcagLevel: true, project: { select: { id: true, name: true, primaryUrl: true } } },
  });
  if (!row) throw notFound("Test session");
  return {
    id: row.id,
    name: row.name,
    approach: row.approach,
    wcagVersion: toApiWcagVersion(row.wcagVersion),
    wcagLevel: row.wcagLevel,
    projectId: row.project.id,
    projectName: row.project.name,
    primaryUrl: row.project.primaryUrl,
  };
}

/** The criterion as the session scopes it; a 400 naming it when it is unknown or out of scope. */
export function requireCriterionInScope(session: Pick<AuditSession, "wcagVersion" | "wcagLevel">, criterionId: string): ScopedCriterion {
  const scoped = criteriaInScope(session.wcagVersion, session.wcagLevel).find((criterion) => criterion.id === criterionId);
  if (scoped) return scoped;
  const known = getCriterion(criterionId);
  const fields = { criterion: [""] };
  if (!known) {
    fields.criterion = [`${criterionId} is not a WCAG success criterion.`];
    throw new AppError("invalid_request", `Unknown success criterion "${criterionId}".`, { fields });
  }
  const message = `Success criterion ${criterionId} (${known.title}${known.level ? `, level ${known.level}` : ", obsolete"}) is outside this session's scope, WCAG ${session.wcagVersion} level ${session.wcagLevel}.`;
  fields.criterion = [message];
  throw new AppError("invalid_request", message, { fields });
}

export type CriterionRow = {
  criterion: string;
  title: string;
  level: WcagLevelName;
  principle: string;
  guideline: string;
  understanding: string;
  outcome: CriterionOutcomeName;
  proposedOutcome: CriterionOutcomeName | null;
  proposal: ProposalKind;
  notes: string | null;
  testedBy: { id: string; name: string } | null;
  testedAt: string | null;
  checkedRequirements: string[];
  instances: number;
  automated: { violations: number; needsReview: number; covered: boolean };
  /** Version for stale-edit checks; null while the criterion has no record. */
  updatedAt: string | null;
};

/** Open (not triaged away) automated findings per criterion, in the session's latest run. */
async function countAutomatedFindings(runId: string) {
  const rows = await db.$queryRaw<Array<{ id: string; violations: number; needsReview: number }>>`
    SELECT c.id,
           count(*) FILTER (WHERE v.kind = 'violation')::int AS violations,
           count(*) FILTER (WHERE v.kind = 'needs_review')::int AS "needsReview"
    FROM violations v CROSS JOIN LATERAL unnest(v.wcag_criteria) AS c(id)
    WHERE v.run_id = ${runId}::uuid AND v.status::text = ANY (${[...UNRESOLVED_STATUSES]}::text[])
    GROUP BY c.id`;
  return new Map(rows.map((row) => [row.id, { violations: row.violations, needsReview: row.needsReview }]));
}

export async function listSessionCriteria(sessionId: string): Promise<{ session: AuditSession; criteria: CriterionRow[] }> {
  const session = await getAuditSession(sessionId);
  const runId = (await findLatestRunId(sessionId)) ?? NO_RUN;
  const [results, automated, scannedPages] = await Promise.all([
    db.criterionResult.findMany({
      where: { sessionId },
      select: {
        criterion: true,
        outcome: true,
        notes: true,
        testedAt: true,
        checkedRequirements: true,
        updatedAt: true,
        testedBy: { select: { id: true, name: true } },
        _count: { select: { instances: true } },
      },
    }),
    countAutomatedFindings(runId),
    db.pageResult.count({ where: { runId, state: "done" } }),
  ]);
  const byCriterion = new Map(results.map((row) => [row.criterion, row]));
  const covered = criteriaCoveredByEngine(session.wcagVersion, session.wcagLevel);
  const criteria = criteriaInScope(session.wcagVersion, session.wcagLevel).map((criterion): CriterionRow => {
    const result = byCriterion.get(criterion.id);
    const counts = automated.get(criterion.id) ?? { violations: 0, needsReview: 0 };
    const isCovered = covered.has(criterion.id);
    return {
      criterion: criterion.id,
      title: criterion.title,
      level: criterion.level,
      principle: criterion.principle,
      guideline: criterion.guideline,
      understanding: criterion.understanding,
      outcome: result?.outcome ?? "untested",
      ...proposeOutcome(counts, { scanned: scannedPages > 0, covered: isCovered }),
      notes: result?.notes ?? null,
      testedBy: result?.testedBy ?? null,
      testedAt: result?.testedAt?.toISOString() ?? null,
      checkedRequirements: result?.checkedRequirements ?? [],
      instances: result?._count.instances ?? 0,
      automated: { ...counts, covered: isCovered },
      updatedAt: result?.updatedAt.toISOString() ?? null,
    };
  });
  return { session, criteria };
}

export type ProgressGroup = { name: string; decided: number; total: number };

/** "N of M decided": every outcome but untested is a decision. */
export function summariseProgress(criteria: readonly Pick<CriterionRow, "outcome" | "principle" | "level">[]) {
  const group = (key: (row: (typeof criteria)[number]) => string): ProgressGroup[] => {
    const groups = new Map<string, ProgressGroup>();
    for (const row of criteria) {
      const name = key(row);
      const entry = groups.get(name) ?? { name, decided: 0, total: 0 };
      entry.total += 1;
      if (row.outcome !== "untested") entry.decided += 1;
      groups.set(name, entry);
    }
    return [...groups.values()];
  };
  const decided = criteria.filter((row) => row.outcome !== "untested").length;
  return { decided, total: criteria.length, byPrinciple: group((row) => row.principle), byLevel: group((row) => row.level) };
}

export type CriterionInstanceView = {
  id: string;
  pageUrl: string;
  selector: string | null;
  description: string;
  hasScreenshot: boolean;
  screenshotWidth: number | null;
  screenshotHeight: number | null;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
};

export async function listCriterionInstances(sessionId: string, criterionIds?: string[]): Promise<Map<string, CriterionInstanceView[]>> {
  const rows = await db.criterionInstance.findMany({
    where: { criterionResult: { sessionId, ...(criterionIds ? { criterion: { in: criterionIds } } : {}) } },
    select: {
      id: true,
      pageUrl: true,
      selector: true,
      description: true,
      screenshotMimeType: true,
      screenshotWidth: true,
      screenshotHeight: true,
      createdAt: true,
      createdBy: { select: { id: true, name: true } },
      criterionResult: { select: { criterion: true } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const byCriterion = new Map<string, CriterionInstanceView[]>();
  for (const row of rows) {
    const list = byCriterion.get(row.criterionResult.criterion) ?? [];
    list.push({
      id: row.id,
      pageUrl: row.pageUrl,
      selector: row.selector,
      description: row.description,
      hasScreenshot: row.screenshotMimeType !== null,
      screenshotWidth: row.screenshotWidth,
      screenshotHeight: row.screenshotHeight,
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
    });
    byCriterion.set(row.criterionResult.criterion, list);
  }
  return byCriterion;
}

/** One criterion of a session with its failure instances (for the criterion view and the API). */
export async function getSessionCriterion(sessionId: string, criterionId: string) {
  const { session, criteria } = await listSessionCriteria(sessionId);
  requireCriterionInScope(session, criterionId);
  const index = criteria.findIndex((row) => row.criterion === criterionId);
  const instances = (await listCriterionInstances(sessionId, [criterionId])).get(criterionId) ?? [];
  return {
    session,
    criterion: criteria[index]!,
    instances,
    previous: criteria[index - 1]?.criterion ?? null,
    next: criteria[index + 1]?.criterion ?? null,
  };
}

export async function getCriterionInstanceScreenshot(sessionId: string, instanceId: string): Promise<{ mimeType: string; data: Uint8Array }> {
  const row = await db.criterionInstance.findFirst({
    where: { id: instanceId, criterionResult: { sessionId } },
    select: { screenshotMimeType: true, screenshotData: true },
  });
  if (!row?.screenshotMimeType || !row.screenshotData) throw notFound("Screenshot");
  return { mimeType: row.screenshotMimeType, data: row.screenshotData };
}
