/**
 * The accessibility score of a page and of a scan (0–100, higher is better), defined in the
 * README ("How results are scored"). Like Lighthouse it weighs each failing rule once per page by
 * its impact, however many elements fail it, so one repeated problem does not swamp a page; only
 * unresolved findings (open or confirmed, as for the CI gate) count.
 */
import type { ImpactName } from "./schema";

/** Points a page loses for each distinct rule failing on it at that impact. */
export const SCORE_PENALTIES: Record<ImpactName, number> = { critical: 15, serious: 8, moderate: 3, minor: 1 };

export type RuleCounts = Record<ImpactName, number>;

export function pageScore(failingRules: RuleCounts): number {
  const penalty = (Object.keys(SCORE_PENALTIES) as ImpactName[]).reduce((sum, impact) => sum + SCORE_PENALTIES[impact] * failingRules[impact], 0);
  return Math.max(0, 100 - penalty);
}

/** The mean of the scanned pages' scores, rounded; null when no page was scanned. */
export function scanScore(pageScores: readonly number[]): number | null {
  if (pageScores.length === 0) return null;
  return Math.round(pageScores.reduce((sum, score) => sum + score, 0) / pageScores.length);
}

/** Words for a score, so colour is never the only cue. */
export function scoreBand(score: number): "good" | "needs work" | "poor" {
  return score >= 90 ? "good" : score >= 50 ? "needs work" : "poor";
}
