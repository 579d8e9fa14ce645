/**
 * Per-criterion audit contracts (API, forms and tests): outcomes in the WCAG-EM / EARL
 * vocabulary, the PUT body, failure instances and ticked test requirements.
 */
import { z } from "zod";
import { expectedUpdatedAtSchema } from "@/lib/concurrency/stale-edit";

export const CRITERION_OUTCOMES = ["passed", "failed", "not_applicable", "cannot_tell", "untested"] as const;
export type CriterionOutcomeName = (typeof CRITERION_OUTCOMES)[number];

export const OUTCOME_LABELS: Record<CriterionOutcomeName, string> = {
  passed: "Passed",
  failed: "Failed",
  not_applicable: "Not applicable",
  cannot_tell: "Cannot tell",
  untested: "Untested",
};

/**
 * What the automated results suggest for a criterion. Only `failed` (open violations) and
 * `review` (only needs-review items) come from findings; `manual` means no automated rule checks
 * the criterion; `no_findings` means rules ran and found nothing, which is not proof of a pass.
 */
export const PROPOSAL_KINDS = ["failed", "review", "manual", "no_findings"] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export const PROPOSAL_LABELS: Record<ProposalKind, string> = {
  failed: "Proposed: failed (open automated violations)",
  review: "Flagged for review (automated checks need a human)",
  manual: "Manual check needed (no automated rule covers this)",
  no_findings: "No automated findings (automated rules ran; check manually)",
};

export const criterionParamSchema = z.object({
  id: z.uuid("id must be a UUID."),
  criterion: z.string().trim().max(20, "criterion is a success criterion number such as 1.4.3."),
});

export const setCriterionOutcomeSchema = z.object({
  outcome: z.enum(CRITERION_OUTCOMES, { error: `outcome is one of ${CRITERION_OUTCOMES.join(", ")}.` }),
  notes: z.string().trim().max(10_000, "notes are at most 10,000 characters.").optional(),
  /** The updatedAt read with the criterion; null when it had no verdict yet. */
  expectedUpdatedAt: expectedUpdatedAtSchema.nullable().optional(),
});
export type SetCriterionOutcomeInput = z.input<typeof setCriterionOutcomeSchema>;

export const checkedRequirementsSchema = z.object({
  requirements: z.array(z.string().trim().max(100)).max(200, "At most 200 requirements."),
});
export type CheckedRequirementsInput = z.input<typeof checkedRequirementsSchema>;

export const criterionInstanceSchema = z.object({
  pageUrl: z.url({ protocol: /^https?$/, error: "pageUrl must be an http(s) URL." }).max(2048, "pageUrl is at most 2048 characters."),
  selector: z
    .string()
    .trim()
    .max(4000, "selector is at most 4000 characters.")
    .optional()
    .transform((value) => value || undefined),
  description: z.string().trim().min(1, "Describe what fails here.").max(10_000, "description is at most 10,000 characters."),
});
export type CriterionInstanceInput = z.input<typeof criterionInstanceSchema>;

/** Uploaded screenshots: stored in PostgreSQL, so kept small and to formats browsers show. */
export const MAX_SCREENSHOT_BYTES = 5 * 1024 * 1024;
export const SCREENSHOT_FORMATS = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" } as const;
