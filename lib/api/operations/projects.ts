import { z } from "zod";
import { defineOperations, idAndName, nullableTimestamp, pageOf, timestamp } from "@/lib/api/operation";
import { uuidParams } from "@/lib/api/params";
import { PROJECT_STATUSES, archiveProjectSchema, createProjectSchema, deleteProjectSchema, listProjectsQuerySchema, updateProjectSchema } from "@/lib/projects/schema";
import { compareQuerySchema } from "@/lib/results/schema";

const SESSION_STATUSES = ["draft", "queued", "running", "completed", "failed", "cancelled"] as const;

const projectFields = {
  id: z.uuid(),
  name: z.string(),
  clientName: z.string().nullable(),
  primaryUrl: z.string(),
  status: z.enum(PROJECT_STATUSES),
  lastActivityAt: timestamp,
  archivedAt: nullableTimestamp,
  createdAt: timestamp,
  updatedAt: timestamp,
};

export const projectResponse = z.object({
  ...projectFields,
  description: z.string().nullable(),
  defaultAuthConfigId: z.uuid().nullable().describe("Signs in every session of the project that names no auth config of its own and has not turned sign-in off (authMode none)."),
  createdBy: idAndName.nullable(),
});

const projectListItem = z.object({
  ...projectFields,
  sessionCount: z.int(),
  latestSession: z
    .object({ id: z.uuid(), name: z.string(), status: z.enum(SESSION_STATUSES), createdAt: timestamp, completedAt: nullableTimestamp, violationCount: z.int() })
    .nullable(),
});

const comparedIssues = z.object({
  count: z.int(),
  issues: z.array(
    z.object({ fingerprint: z.string(), ruleId: z.string(), impact: z.string().nullable(), selector: z.string(), help: z.string().nullable(), url: z.string(), pagePath: z.string() }),
  ),
});
const comparedRun = z.object({
  id: z.uuid(),
  number: z.int(),
  sessionId: z.uuid(),
  name: z.string().describe("The session's name."),
  status: z.enum(SESSION_STATUSES),
  completedAt: nullableTimestamp,
});

const id = uuidParams("id");
const tag = "Projects";

export const projectOperations = defineOperations({
  "GET /api/v1/projects": {
    tag,
    summary: "List projects",
    description: "One page of projects (archived ones only with status=archived or all), each with its session count and latest session.",
    permission: "projects:read",
    query: listProjectsQuerySchema,
    response: { status: 200, description: "A page of projects.", schema: pageOf(projectListItem) },
  },
  "POST /api/v1/projects": {
    tag,
    summary: "Create a project",
    description: "defaultAuthConfigId, if given, must name a shared auth config (one without a project); otherwise 400 naming the field.",
    permission: "projects:write",
    body: createProjectSchema,
    response: { status: 201, description: "The project created.", schema: projectResponse },
    errors: ["conflict"],
  },
  "GET /api/v1/projects/{id}": {
    tag,
    summary: "Get a project",
    description: "Admins also see the project's auth configs (never their secrets); everyone else their names.",
    permission: "projects:read",
    params: id,
    response: { status: 200, description: "The project.", schema: projectResponse.extend({ authConfigs: z.array(z.looseObject({ id: z.uuid(), name: z.string() })) }) },
  },
  "PATCH /api/v1/projects/{id}": {
    tag,
    summary: "Update a project",
    description:
      "Any subset of the fields. With expectedUpdatedAt, a stale edit is refused with 409. defaultAuthConfigId (null for none) must name an existing auth config, shared or of this project; otherwise 400 naming the field.",
    permission: "projects:write",
    params: id,
    body: updateProjectSchema,
    response: { status: 200, description: "The project as updated.", schema: projectResponse },
    errors: ["conflict"],
  },
  "DELETE /api/v1/projects/{id}": {
    tag,
    summary: "Delete an archived project",
    description: "Deletes the project with its sessions and results; only an archived project, confirmed by its exact name.",
    permission: "projects:delete",
    params: id,
    body: deleteProjectSchema,
    response: { status: 200, description: "What was deleted.", schema: z.object({ id: z.uuid(), name: z.string(), removed: z.record(z.string(), z.int()) }) },
    errors: ["conflict"],
  },
  "POST /api/v1/projects/{id}/archive": {
    tag,
    summary: "Archive a project",
    permission: "projects:write",
    params: id,
    body: archiveProjectSchema,
    response: { status: 200, description: "The project as archived.", schema: projectResponse },
    errors: ["conflict"],
  },
  "POST /api/v1/projects/{id}/unarchive": {
    tag,
    summary: "Unarchive a project",
    permission: "projects:write",
    params: id,
    body: archiveProjectSchema,
    response: { status: 200, description: "The project as unarchived.", schema: projectResponse },
    errors: ["conflict"],
  },
  "GET /api/v1/projects/{id}/compare": {
    tag,
    summary: "Compare two runs of a project",
    description:
      "Issues (by fingerprint) new in head, fixed since base, unchanged, and on pages head did not rescan. base and head are run ids, of one session or of two sessions of the project; a session id stands for that session's latest run.",
    permission: "results:read",
    params: id,
    query: compareQuerySchema,
    response: {
      status: 200,
      description: "The comparison.",
      schema: z.object({ base: comparedRun, head: comparedRun, new: comparedIssues, fixed: comparedIssues, unchanged: comparedIssues, notRescanned: comparedIssues }),
    },
  },
});
