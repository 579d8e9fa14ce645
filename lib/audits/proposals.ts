/**
 * What automated results propose for a criterion. A proposal is shown next to the tester's
 * verdict and never written into it: only a tester's PUT sets an outcome.
 */
import type { CriterionOutcomeName, ProposalKind } from "./schema";

export type AutomatedCounts = {
  /** Open or confirmed violations (not triaged away as false positive, won't fix or fixed). */
  violations: number;
  /** Open or confirmed "needs review" items. */
  needsReview: number;
};

export function proposeOutcome(
  counts: AutomatedCounts,
  options: { scanned: boolean; covered: boolean },
): { proposal: ProposalKind; proposedOutcome: CriterionOutcomeName | null } {
  if (counts.violations > 0) return { proposal: "failed", proposedOutcome: "failed" };
  if (counts.needsReview > 0) return { proposal: "review", proposedOutcome: null };
  if (!options.scanned || !options.covered) return { proposal: "manual", proposedOutcome: null };
  return { proposal: "no_findings", proposedOutcome: null };
}
