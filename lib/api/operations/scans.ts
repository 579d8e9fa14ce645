import { z } from "zod";
import { defineOperations } from "@/lib/api/operation";
import { uuidParams } from "@/lib/api/params";
import { SESSION_STATUSES } from "@/lib/sessions/schema";

const id = uuidParams("id");
const tag = "Scans";

export const scanOperations = defineOperations({
  "POST /api/v1/sessions/{id}/scan": {
    tag,
    summary: "Start a scan",
    description:
      "Starts a new run of the session and answers its `runId`; earlier runs keep their results. A manual session, or one whose last run is still queued or running, answers 409 with `currentStatus`.",
    permission: "scans:run",
    params: id,
    response: {
      status: 202,
      description: "Queued (or failed at once, with the reason: e.g. an unreachable start URL).",
      schema: z.object({
        runId: z.uuid(),
        runNumber: z.int(),
        sessionId: z.uuid(),
        status: z.enum(["queued", "failed"]),
        pagesPlanned: z.int(),
        failureReason: z.string().nullable(),
      }),
    },
    errors: ["conflict"],
  },
  "POST /api/v1/sessions/{id}/cancel": {
    tag,
    summary: "Cancel a scan",
    permission: "scans:run",
    params: id,
    response: {
      status: 200,
      description: "Cancellation requested; pages being scanned finish first.",
      schema: z.object({ sessionId: z.uuid(), runId: z.uuid(), status: z.enum(SESSION_STATUSES), cancelRequested: z.literal(true) }),
    },
    errors: ["conflict"],
  },
  "GET /api/v1/sessions/{id}/progress": {
    tag,
    summary: "Scan progress",
    description: "Of the session's latest run: pages done of planned, errors, pages being scanned, elapsed time and an estimate of the time left.",
    permission: "results:read",
    params: id,
    response: {
      status: 200,
      description: "Live progress.",
      schema: z.object({
        sessionId: z.uuid(),
        runId: z.uuid().nullable().describe("Null for a session never scanned."),
        runNumber: z.int().nullable(),
        status: z.enum(SESSION_STATUSES),
        cancelRequested: z.boolean(),
        failureReason: z.string().nullable(),
        pagesTotal: z.int(),
        pagesDone: z.int(),
        pagesError: z.int(),
        pagesScanning: z.int(),
        violations: z.int(),
        currentUrls: z.array(z.string()),
        startedAt: z.iso.datetime().nullable(),
        completedAt: z.iso.datetime().nullable(),
        elapsedMs: z.int().nullable(),
        etaMs: z.int().nullable(),
        percent: z.int().min(0).max(100),
        queue: z
          .object({
            pagesAhead: z.int().describe("Pages of other runs that go before this run's next page."),
            waitingSeconds: z.int().describe("How long this run's oldest waiting page has waited."),
            workerAlive: z.boolean().describe("False when pages waited longer than a worker lease while nothing anywhere was being scanned."),
          })
          .nullable()
          .describe("While pages wait for a worker; null otherwise."),
      }),
    },
  },
});
