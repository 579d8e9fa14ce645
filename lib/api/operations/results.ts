import { z } from "zod";
import { defineOperations, nullableTimestamp } from "@/lib/api/operation";
import { uuidParams } from "@/lib/api/params";
import { IMPACTS, TRIAGE_STATUSES, exportQuerySchema, resultsQuerySchema, sessionViolationsQuerySchema, triageSchema } from "@/lib/results/schema";
import { RUN_STATUSES, RUN_TRIGGERS } from "@/lib/runs/schema";
import { SESSION_STATUSES, WCAG_LEVELS, WCAG_VERSIONS } from "@/lib/sessions/schema";

const impact = z.enum(IMPACTS);
const countsBy = <T extends readonly [string, ...string[]]>(keys: T) => z.object(Object.fromEntries(keys.map((key) => [key, z.int()])) as Record<T[number], z.ZodInt>);

const summary = z.object({
  session: z.object({
    id: z.uuid(),
    name: z.string(),
    status: z.enum(SESSION_STATUSES),
    projectId: z.uuid(),
    projectName: z.string(),
    wcagVersion: z.enum(WCAG_VERSIONS),
    wcagLevel: z.enum(WCAG_LEVELS),
  }),
  run: z.object({
    id: z.uuid(),
    number: z.int(),
    status: z.enum(RUN_STATUSES),
    trigger: z.enum(RUN_TRIGGERS),
    startedAt: nullableTimestamp,
    completedAt: nullableTimestamp,
    failureReason: z.string().nullable().describe('Why the run failed; "Sign-in failed: step N (…): …" when the scanner could not sign in at all.'),
  }),
  pages: z.object({ total: z.int(), done: z.int(), error: z.int(), authenticated: z.int().describe("Pages scanned signed in.") }),
  failedPages: z
    .array(
      z.object({
        pageId: z.uuid(),
        url: z.string(),
        title: z.string().nullable(),
        httpStatus: z.int().nullable(),
        error: z.string().nullable().describe('Why the page was not scanned; a failed sign-in reads "authentication failed: …" and stores no findings.'),
        authenticated: z.boolean().describe("Whether the page was scanned signed in (false for a failed sign-in)."),
      }),
    )
    .describe("Pages that could not be scanned, by URL (at most 100; the export lists them all)."),
  violations: z.object({ total: z.int(), issues: z.int(), needsReview: z.int(), byImpact: countsBy(IMPACTS), byStatus: countsBy(TRIAGE_STATUSES) }),
  byCriterion: z.array(
    z.object({ id: z.string(), title: z.string().nullable(), level: z.string().nullable(), understanding: z.string().nullable(), instances: z.int(), pages: z.int() }),
  ),
  byRule: z.array(z.object({ ruleId: z.string(), help: z.string().nullable(), impact: impact.nullable(), instances: z.int(), pages: z.int() })),
});

const group = z.object({
  groupBy: z.enum(["issue", "rule", "criterion", "page"]),
  label: z.string(),
  ruleId: z.string().nullable(),
  selector: z.string().nullable(),
  criterion: z.object({ id: z.string(), title: z.string().nullable(), level: z.string().nullable() }).nullable(),
  pageId: z.uuid().nullable(),
  url: z.string().nullable(),
  authenticated: z.boolean().nullable().describe("Grouped by page: whether the page was scanned signed in; null for other groupings."),
  kind: z.string().nullable(),
  help: z.string().nullable(),
  helpUrl: z.string().nullable(),
  wcagCriteria: z.array(z.string()),
  impact: impact.nullable(),
  instances: z.int(),
  pages: z.int(),
  statuses: countsBy(TRIAGE_STATUSES),
  fingerprints: z.array(z.string()),
});

/** The CI verdict, present when the request has failOn. */
const gate = {
  sessionId: z.uuid().optional(),
  runId: z.uuid().optional(),
  status: z.enum(RUN_STATUSES).optional().describe("The run's status."),
  failOn: impact.optional(),
  passed: z.boolean().optional(),
  failing: z.int().optional(),
  failingByImpact: countsBy(IMPACTS).optional(),
  reason: z.string().optional(),
  baseline: z.uuid().optional().describe("With ?baseline=: the session whose findings were left out of the gate."),
  knownInBaseline: z.int().optional().describe("With ?baseline=: unresolved findings at or above failOn not counted because the baseline has their fingerprint."),
};

const violation = z.object({
  id: z.uuid(),
  ruleId: z.string(),
  kind: z.string(),
  impact: impact.nullable(),
  wcagCriteria: z.array(z.string()),
  selector: z.string(),
  html: z.string(),
  summary: z.string().nullable(),
  help: z.string().nullable(),
  helpUrl: z.string().nullable(),
  sources: z
    .array(
      z.object({
        engine: z.string().describe('Engine or own check id: "axe-core", "alfa", …'),
        version: z.string(),
        ruleId: z.string().describe("The engine's rule that reported the element."),
        kind: z.enum(["violation", "needs_review"]).describe("The engine's own verdict (an engine rule with too many false alarms on the ACT test cases counts as needs review)."),
      }),
    )
    .describe("The engines that found this finding (several when they agreed on the element and criterion), axe-core first."),
  fingerprint: z.string().nullable(),
  status: z.enum(TRIAGE_STATUSES),
  statusReason: z.string().nullable(),
  pageId: z.uuid(),
  url: z.string(),
  pageTitle: z.string().nullable(),
  authenticated: z.boolean().describe("Whether the finding's page was scanned signed in."),
  screenshotId: z.uuid().nullable(),
  pageScreenshotId: z.uuid().nullable(),
});

const id = uuidParams("id");
const tag = "Results";

/** GET …/results answers this, for a session (its latest run) and for a run. */
export const runResultsResponse = z.object({ ...gate, summary, groupBy: group.shape.groupBy, page: z.int(), pageSize: z.int(), total: z.int(), groups: z.array(group) });

export const resultOperations = defineOperations({
  "GET /api/v1/sessions/{id}/results": {
    tag,
    summary: "Results summary and grouped findings; the CI gate",
    description:
      "Of the session's latest run, or of `runId` (a run of this session). With failOn=<impact>, also the CI verdict: `passed` is true only for a completed scan without unresolved (open or confirmed) violations of that impact or worse. With baseline=<session id>, findings whose fingerprint the baseline session also has are left out of the verdict (fail only on what is new).",
    permission: "results:read",
    params: id,
    query: resultsQuerySchema,
    response: {
      status: 200,
      description: "Summary, one page of groups and, with failOn, the verdict.",
      schema: runResultsResponse,
    },
  },
  "GET /api/v1/sessions/{id}/violations": {
    tag,
    summary: "Individual findings",
    description: "Of the session's latest run, or of `runId`. Narrow with rule, selector, pageId, criterion… to list one group's instances.",
    permission: "results:read",
    params: id,
    query: sessionViolationsQuerySchema,
    response: { status: 200, description: "One page of findings.", schema: z.object({ page: z.int(), pageSize: z.int(), total: z.int(), violations: z.array(violation) }) },
  },
  "PATCH /api/v1/sessions/{id}/violations": {
    tag,
    summary: "Triage issues in bulk",
    description: "Sets the status of every instance of the given issues (by violation id or fingerprint); later sessions of the project start from it.",
    permission: "results:triage",
    params: id,
    body: triageSchema,
    response: {
      status: 200,
      description: "What changed.",
      schema: z.object({ status: z.enum(TRIAGE_STATUSES), reason: z.string().nullable(), issues: z.int(), violations: z.int() }),
    },
  },
  "GET /api/v1/sessions/{id}/export": {
    tag,
    summary: "Export findings (CSV or JSON)",
    description:
      "The session's latest run, or `runId`. Streamed, so memory stays flat however many findings there are. Pages that could not be scanned come first (CSV kind `page_error`, JSON `pagesWithErrors`, with `error`: a failed sign-in reads \"authentication failed: …\"); every row and page carries `authenticated` (scanned signed in); every finding says which engines found it (CSV `found_by`, JSON `sources`: engine, version, rule, kind) and the JSON `run.engines` lists the engines the run used with their versions. The CLI turns the JSON export into JUnit XML or SARIF 2.1.0.",
    permission: "results:read",
    params: id,
    query: exportQuerySchema,
    response: { status: 200, description: "The file, as an attachment.", contentTypes: ["text/csv", "application/json"] },
  },
  "GET /api/v1/screenshots/{id}": {
    tag,
    summary: "A screenshot image",
    permission: "results:read",
    params: id,
    response: { status: 200, description: "The image.", contentTypes: ["image/jpeg", "image/png"] },
  },
});
