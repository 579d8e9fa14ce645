import { z } from "zod";
import { defineOperations, idAndName, nullableTimestamp, pageOf, timestamp } from "@/lib/api/operation";
import { uuidParams } from "@/lib/api/params";
import { exportQuerySchema, resultsQuerySchema } from "@/lib/results/schema";
import { listRunsQuerySchema, RUN_STATUSES, RUN_TRIGGERS } from "@/lib/runs/schema";
import { runResultsResponse } from "./results";

const id = uuidParams("id");
const tag = "Runs";

const run = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  number: z.int().describe("1, 2, … within the session."),
  trigger: z.enum(RUN_TRIGGERS),
  triggeredBy: idAndName.nullable().describe("Who started it (for an API token, the token's owner)."),
  apiToken: idAndName.nullable(),
  scheduleId: z.uuid().nullable(),
  status: z.enum(RUN_STATUSES),
  queuedAt: timestamp,
  startedAt: nullableTimestamp,
  completedAt: nullableTimestamp,
  cancelRequestedAt: nullableTimestamp,
  pagesPlanned: z.int(),
  pagesDone: z.int().describe("Pages scanned without error."),
  pagesFailed: z.int(),
  violations: z.int(),
  needsReview: z.int(),
  engineVersions: z.record(z.string(), z.string()).describe('Engine name → version, e.g. {"axe-core": "4.11.0"}.'),
  failureReason: z.string().nullable(),
  screenshotsPrunedAt: nullableTimestamp.describe("When retention removed this run's screenshots (its findings stay)."),
});

const removed = z.object({ runs: z.int(), pageResults: z.int(), violations: z.int(), screenshots: z.int() });
const deletedRun = z.object({ id: z.uuid(), sessionId: z.uuid(), number: z.int(), removed });
export const deletedSession = z.object({ id: z.uuid(), name: z.string(), projectId: z.uuid(), removed });

export const runOperations = defineOperations({
  "GET /api/v1/sessions/{id}/runs": {
    tag,
    summary: "List a session's runs",
    description: "Every scan of the session is a run; newest first. Counts of a queued or running run are live.",
    permission: "results:read",
    params: id,
    query: listRunsQuerySchema,
    response: { status: 200, description: "A page of runs.", schema: pageOf(run) },
  },
  "GET /api/v1/runs/{id}": {
    tag,
    summary: "A run",
    permission: "results:read",
    params: id,
    response: {
      status: 200,
      description: "The run, its session and whether it is the session's latest.",
      schema: run.extend({ session: z.object({ id: z.uuid(), name: z.string(), projectId: z.uuid(), projectName: z.string() }), isLatest: z.boolean() }),
    },
  },
  "DELETE /api/v1/runs/{id}": {
    tag,
    summary: "Delete a run",
    description: "Removes the run with its pages, findings and screenshots; the session and its other runs stay, and so do triage decisions. A queued or running run answers 409 (cancel it first). Audited.",
    permission: "results:delete",
    params: id,
    response: { status: 200, description: "What was removed.", schema: deletedRun },
    errors: ["conflict"],
  },
  "GET /api/v1/runs/{id}/results": {
    tag,
    summary: "A run's results summary and grouped findings; the CI gate",
    description: "As GET /api/v1/sessions/{id}/results, for this run.",
    permission: "results:read",
    params: id,
    query: resultsQuerySchema.omit({ runId: true }),
    response: { status: 200, description: "Summary, one page of groups and, with failOn, the verdict.", schema: runResultsResponse },
  },
  "GET /api/v1/runs/{id}/export": {
    tag,
    summary: "Export a run's findings (CSV or JSON)",
    permission: "results:read",
    params: id,
    query: exportQuerySchema.omit({ runId: true }),
    response: { status: 200, description: "The file, as an attachment.", contentTypes: ["text/csv", "application/json"] },
  },
});
