/**
 * Result filters, triage and export contracts, shared by the results page, the API and tests.
 */
import { z } from "zod";
import { strictNumber } from "@/lib/input";

export const IMPACTS = ["minor", "moderate", "serious", "critical"] as const;
export const TRIAGE_STATUSES = ["open", "confirmed", "false_positive", "wont_fix", "fixed"] as const;
export const FINDING_KINDS = ["violation", "needs_review"] as const;
export const GROUPINGS = ["issue", "rule", "criterion", "page"] as const;

export type ImpactName = (typeof IMPACTS)[number];
export type TriageStatusName = (typeof TRIAGE_STATUSES)[number];
export type Grouping = (typeof GROUPINGS)[number];

/** Statuses that still count against a CI threshold. */
export const UNRESOLVED_STATUSES: readonly TriageStatusName[] = ["open", "confirmed"];

/** A query value given once, repeated (?impact=a&impact=b) or comma-separated (?impact=a,b). */
function listOf<T extends readonly [string, ...string[]]>(values: T, name: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : value.split(",")).map((item) => item.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values, { error: `${name} is one of ${values.join(", ")}.` })))
    .optional();
}

export const resultFiltersSchema = z.object({
  groupBy: z.enum(GROUPINGS).default("issue"),
  kind: z.enum([...FINDING_KINDS, "all"]).default("violation"),
  impact: listOf(IMPACTS, "impact"),
  status: listOf(TRIAGE_STATUSES, "status"),
  criterion: z
    .string()
    .trim()
    .regex(/^\d\.\d{1,2}\.\d{1,2}$/, "criterion is a success criterion number such as 1.4.3.")
    .optional(),
  rule: z.string().trim().max(100).optional(),
  /** Part of the page URL. */
  url: z.string().trim().max(2048).optional(),
  /** Exact selector and page, to list one group's instances. */
  selector: z.string().max(4000).optional(),
  pageId: z.uuid().optional(),
  page: strictNumber(z.number().int().min(1).max(100_000)).default(1),
  pageSize: strictNumber(z.number().int().min(1).max(200)).default(50),
});
export type ResultFilters = z.infer<typeof resultFiltersSchema>;
export type ResultFiltersInput = z.input<typeof resultFiltersSchema>;

/** A session's findings list: which run (default the latest). */
export const sessionViolationsQuerySchema = resultFiltersSchema.extend({
  runId: z.uuid("runId must be a run id.").optional(),
});

export const resultsQuerySchema = resultFiltersSchema.extend({
  /** On a session's results: which run (default the latest). */
  runId: z.uuid("runId must be a run id.").optional(),
  /** CI gate: `passed` is false when an unresolved violation of this impact or worse exists. */
  failOn: z.enum(IMPACTS).optional(),
  /** New-only gating: findings whose fingerprint this (earlier) session also has do not count. */
  baseline: z.uuid("baseline must be a session id.").optional(),
});

export const triageSchema = z
  .object({
    ids: z.array(z.uuid()).max(10_000).optional(),
    fingerprints: z.array(z.string().regex(/^[0-9a-f]{32}$/, "Not a fingerprint.")).max(10_000).optional(),
    status: z.enum(TRIAGE_STATUSES, { error: `status is one of ${TRIAGE_STATUSES.join(", ")}.` }),
    reason: z.string().trim().max(2000).optional(),
  })
  .refine((value) => (value.ids?.length ?? 0) + (value.fingerprints?.length ?? 0) > 0, { message: "Choose at least one issue.", path: ["ids"] })
  .refine((value) => value.status !== "false_positive" || (value.reason ?? "").length > 0, {
    message: "Say why this is a false positive.",
    path: ["reason"],
  });
export type TriageInput = z.input<typeof triageSchema>;

export const exportQuerySchema = z.object({
  /** On a session's export: which run (default the latest). */
  runId: z.uuid("runId must be a run id.").optional(),
  format: z.enum(["csv", "json"], { error: "format is csv or json." }).default("csv"),
  kind: z.enum([...FINDING_KINDS, "all"]).default("all"),
});

/** Run ids (a session id stands for that session's latest run). */
export const compareQuerySchema = z.object({
  base: z.uuid("base must be a run id (or a session id, for its latest run)."),
  head: z.uuid("head must be a run id (or a session id, for its latest run)."),
});
