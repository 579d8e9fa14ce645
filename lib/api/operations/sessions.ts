import { z } from "zod";
import { defineOperations, idAndName, nullableTimestamp, pageOf, timestamp } from "@/lib/api/operation";
import { uuidParams } from "@/lib/api/params";
import { PROJECT_STATUSES } from "@/lib/projects/schema";
import {
  SESSION_AUTH_MODES,
  SESSION_STATUSES,
  TESTING_APPROACHES,
  WCAG_LEVELS,
  WCAG_VERSIONS,
  createSessionSchema,
  duplicateSessionSchema,
  listSessionsQuerySchema,
  sessionScopeSchema,
  updateSessionSchema,
} from "@/lib/sessions/schema";
import { deletedSession } from "./runs";

const sessionFields = {
  id: z.uuid(),
  projectId: z.uuid(),
  name: z.string(),
  status: z.enum(SESSION_STATUSES),
  approach: z.enum(TESTING_APPROACHES),
  wcagVersion: z.enum(WCAG_VERSIONS),
  wcagLevel: z.enum(WCAG_LEVELS),
  startedAt: nullableTimestamp,
  completedAt: nullableTimestamp,
  createdAt: timestamp,
  updatedAt: timestamp,
};

export const sessionResponse = z.object({
  ...sessionFields,
  description: z.string().nullable(),
  scope: sessionScopeSchema,
  scanOptions: z.record(z.string(), z.unknown()),
  authConfigId: z.uuid().nullable().describe("The auth config the scanner signs in with; null: the project's default (defaultAuthConfigId), if any."),
  authMode: z.enum(SESSION_AUTH_MODES).describe("inherit: sign in with authConfigId, or else the project's default; none: scan signed out whatever the project's default."),
  cancelRequestedAt: nullableTimestamp,
  failureReason: z.string().nullable().describe('Why the latest run failed, e.g. "Sign-in failed: step 3 (…): …" when the scanner could not sign in at all.'),
  createdBy: idAndName.nullable(),
  authConfig: idAndName.nullable(),
  project: z.object({ id: z.uuid(), name: z.string(), primaryUrl: z.string(), status: z.enum(PROJECT_STATUSES), defaultAuthConfigId: z.uuid().nullable() }),
});

const sessionListItem = z.object({ ...sessionFields, violationCount: z.int() });

const projectId = uuidParams("id");
const sessionId = uuidParams("id");
const tag = "Sessions";

export const sessionOperations = defineOperations({
  "GET /api/v1/projects/{id}/sessions": {
    tag,
    summary: "List a project's sessions",
    description: "Newest first, each with its violation count.",
    permission: "sessions:read",
    params: projectId,
    query: listSessionsQuerySchema,
    response: { status: 200, description: "A page of sessions.", schema: pageOf(sessionListItem) },
  },
  "POST /api/v1/projects/{id}/sessions": {
    tag,
    summary: "Create a session",
    description:
      "What to scan (scope: a URL list and/or a start URL to crawl, with page and depth limits, include/exclude patterns, the sitemap and robots.txt switches) and how (scanOptions).",
    permission: "sessions:write",
    params: projectId,
    body: createSessionSchema,
    response: { status: 201, description: "The session created, as a draft.", schema: sessionResponse },
    errors: ["conflict"],
  },
  "GET /api/v1/sessions/{id}": {
    tag,
    summary: "Get a session",
    permission: "sessions:read",
    params: sessionId,
    response: { status: 200, description: "The session.", schema: sessionResponse },
  },
  "DELETE /api/v1/sessions/{id}": {
    tag,
    summary: "Delete a session",
    description: "Removes the session with all its runs, pages, findings and screenshots (triage decisions live on the project and stay). A session with a queued or running run answers 409. Audited.",
    permission: "results:delete",
    params: sessionId,
    response: { status: 200, description: "What was removed.", schema: deletedSession },
    errors: ["conflict"],
  },
  "PATCH /api/v1/sessions/{id}": {
    tag,
    summary: "Update a session",
    permission: "sessions:write",
    params: sessionId,
    body: updateSessionSchema,
    response: { status: 200, description: "The session as updated.", schema: sessionResponse },
    errors: ["conflict"],
  },
  "POST /api/v1/sessions/{id}/duplicate": {
    tag,
    summary: "Duplicate a session",
    description: "A new draft with the same scope and options (no results).",
    permission: "sessions:write",
    params: sessionId,
    body: duplicateSessionSchema,
    response: { status: 201, description: "The new session.", schema: sessionResponse },
    errors: ["conflict"],
  },
});
