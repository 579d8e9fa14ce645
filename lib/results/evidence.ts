/**
 * A finding's evidence for its card: the element's region on the page screenshot (to draw an
 * outline over it in place), the WCAG criteria with their Understanding links, and every page
 * of the session on which the same rule fails on the same element.
 */
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { getCriterion } from "@/lib/wcag/criteria";
import { listViolations, type ViolationDetail } from "./queries";
import type { ResultFilters } from "./schema";

const PAGES_LISTED = 50;

export type Region = { x: number; y: number; width: number; height: number };

export type FindingEvidence = ViolationDetail & {
  /** The element's region of the page screenshot, in its pixels; null when it was not located. */
  region: Region | null;
  pageShot: { id: string; width: number; height: number } | null;
  criteria: Array<{ id: string; title: string | null; level: string | null; understanding: string | null }>;
  occursOn: Array<{ pageId: string; url: string; title: string | null }>;
  occursOnTotal: number;
};

export async function listEvidence(runId: string, filters: ResultFilters) {
  const list = await listViolations(runId, filters);
  const ids = list.violations.map((violation) => violation.id);
  if (ids.length === 0) return { ...list, violations: [] as FindingEvidence[] };
  const shots = await db.$queryRaw<Array<{ id: string; x: number | null; y: number | null; width: number | null; height: number | null; pageShotId: string | null; pageWidth: number | null; pageHeight: number | null }>>`
    SELECT v.id::text AS id, s.clip_x AS x, s.clip_y AS y, s.width, s.height,
           ps.id::text AS "pageShotId", ps.width AS "pageWidth", ps.height AS "pageHeight"
    FROM violations v
    LEFT JOIN screenshots s ON s.violation_id = v.id
    LEFT JOIN LATERAL (SELECT id, width, height FROM screenshots WHERE page_result_id = v.page_result_id AND kind = 'page' LIMIT 1) ps ON true
    WHERE v.id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})`;
  const places = await db.$queryRaw<Array<{ ruleId: string; selector: string; pageId: string; url: string; title: string | null; total: number }>>`
    WITH shown AS (SELECT DISTINCT rule_id, selector FROM violations WHERE id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})),
    places AS (
      SELECT v.rule_id, v.selector, p.id, p.url, p.title,
             row_number() OVER (PARTITION BY v.rule_id, v.selector ORDER BY p.url) AS n,
             count(*) OVER (PARTITION BY v.rule_id, v.selector)::int AS total
      FROM (SELECT DISTINCT v.rule_id, v.selector, v.page_result_id FROM violations v JOIN shown USING (rule_id, selector)
            WHERE v.run_id = ${runId}::uuid) v
      JOIN page_results p ON p.id = v.page_result_id
    )
    SELECT rule_id AS "ruleId", selector, id::text AS "pageId", url, title, total FROM places WHERE n <= ${PAGES_LISTED} ORDER BY url`;
  const shotById = new Map(shots.map((shot) => [shot.id, shot]));
  const placesOf = (violation: ViolationDetail) => places.filter((place) => place.ruleId === violation.ruleId && place.selector === violation.selector);
  return {
    ...list,
    violations: list.violations.map((violation): FindingEvidence => {
      const shot = shotById.get(violation.id);
      const found = placesOf(violation);
      return {
        ...violation,
        region:
          shot && shot.x !== null && shot.y !== null && shot.width !== null && shot.height !== null ? { x: shot.x, y: shot.y, width: shot.width, height: shot.height } : null,
        pageShot: shot?.pageShotId && shot.pageWidth && shot.pageHeight ? { id: shot.pageShotId, width: shot.pageWidth, height: shot.pageHeight } : null,
        criteria: violation.wcagCriteria.map((id) => {
          const criterion = getCriterion(id);
          return { id, title: criterion?.title ?? null, level: criterion?.level ?? null, understanding: criterion?.understanding ?? null };
        }),
        occursOn: found.map(({ pageId, url, title }) => ({ pageId, url, title })),
        occursOnTotal: found[0]?.total ?? 0,
      };
    }),
  };
}
