/**
 * How a tester's outcome becomes an ACR (VPAT / OpenACR) adherence level: the one place this is
 * decided, used by the OpenACR document and explained word for word in the HTML and PDF reports.
 */
import type { CriterionOutcomeName } from "@/lib/audits/schema";

export const ACR_LEVELS = ["supports", "partially-supports", "does-not-support", "not-applicable", "not-evaluated"] as const;
export type AcrLevel = (typeof ACR_LEVELS)[number];

/** Labels from OpenACR's terms.yaml. */
export const ACR_LEVEL_LABELS: Record<AcrLevel, string> = {
  supports: "Supports",
  "partially-supports": "Partially Supports",
  "does-not-support": "Does Not Support",
  "not-applicable": "Not Applicable",
  "not-evaluated": "Not Evaluated",
};

/** Pages where a criterion fails (failure instances and open automated violations) against the sample. */
export type FailureSpread = { failingPages: number; sampledPages: number };

export function acrLevelFor(outcome: CriterionOutcomeName, spread: FailureSpread): AcrLevel {
  switch (outcome) {
    case "passed":
      return "supports";
    case "not_applicable":
      return "not-applicable";
    case "failed":
      return spread.failingPages > 0 && spread.failingPages < spread.sampledPages ? "partially-supports" : "does-not-support";
    case "cannot_tell":
    case "untested":
      return "not-evaluated";
  }
}

/** The rule above in words, shown in every report. */
export const ACR_MAPPING_RULES: ReadonlyArray<{ outcome: string; level: string; why: string }> = [
  { outcome: "Passed", level: ACR_LEVEL_LABELS.supports, why: "The tester found the criterion met on every page of the sample." },
  {
    outcome: "Failed, on some pages of the sample",
    level: ACR_LEVEL_LABELS["partially-supports"],
    why: "Failing instances (recorded by the tester, or open automated violations) are on some sampled pages while the others pass.",
  },
  {
    outcome: "Failed, on every sampled page or with no page recorded",
    level: ACR_LEVEL_LABELS["does-not-support"],
    why: "The failure is everywhere the criterion was checked, or the tester did not record where it fails.",
  },
  { outcome: "Not applicable", level: ACR_LEVEL_LABELS["not-applicable"], why: "The content the criterion is about is not present." },
  {
    outcome: "Cannot tell, or untested",
    level: ACR_LEVEL_LABELS["not-evaluated"],
    why: "No verdict was reached. OpenACR reserves Not Evaluated for level AAA, so an A or AA criterion shown this way means the audit is not finished.",
  },
];
