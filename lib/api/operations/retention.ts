import { z } from "zod";
import { defineOperations } from "@/lib/api/operation";
import { uuidParams } from "@/lib/api/params";
import { retentionSettingsSchema, updateRetentionSchema } from "@/lib/retention/schema";

const tag = "Retention";
const settings = retentionSettingsSchema.describe("null: no limit (a project's null: the instance default).");
const projectRetention = settings.extend({
  instance: settings.describe("The instance default."),
  effective: settings.describe("What the pruner applies to this project: its own value, else the instance default."),
});
const rules =
  "keepRuns keeps each session's newest N runs; keepDays keeps runs that ended within D days; each rule removes runs on its own. screenshotDays removes screenshots of runs that ended more than S days ago (findings stay). A session's latest run, queued or running runs and triage decisions are never removed. The worker prunes in batches and audits each pass (retention.prune).";

const rowCounts = { runs: z.number(), pageResults: z.number(), findings: z.number(), screenshots: z.number() };
const storageReport = z.object({
  databaseBytes: z.number().describe("pg_database_size of the whole database."),
  resultsBytes: z.number().describe("Total size (with indexes and TOAST) of the runs, pages, findings and screenshots tables."),
  projects: z.array(
    z.object({
      projectId: z.uuid(),
      name: z.string(),
      status: z.string(),
      rows: z.object(rowCounts),
      bytes: z.number().describe("Estimate: each results table's size shared out by the project's rows (screenshots by image bytes)."),
      reclaimable: z.object({ ...rowCounts, bytes: z.number() }).describe("What a retention pass now would remove, estimated the same way."),
    }),
  ),
});

export const retentionOperations = defineOperations({
  "GET /api/v1/storage": {
    tag,
    summary: "Database size per project and what retention would free",
    description: "Largest project first. Sizes are estimates (PostgreSQL sizes tables, not rows); freed space is reused for new rows, the files shrink only with VACUUM FULL.",
    permission: "retention:manage",
    response: { status: 200, description: "The storage report.", schema: storageReport },
  },
  "GET /api/v1/projects/{id}/retention": {
    tag,
    summary: "A project's retention settings",
    description: rules,
    permission: "projects:read",
    params: uuidParams("id"),
    response: { status: 200, description: "The project's own settings, the instance default and what applies.", schema: projectRetention },
  },
  "PATCH /api/v1/projects/{id}/retention": {
    tag,
    summary: "Change a project's retention settings",
    description: `Any subset; null falls back to the instance default. ${rules} Audited (project.retention).`,
    permission: "retention:manage",
    params: uuidParams("id"),
    body: updateRetentionSchema,
    response: { status: 200, description: "The settings as changed.", schema: projectRetention },
  },
  "GET /api/v1/retention": {
    tag,
    summary: "The instance's default retention",
    description: rules,
    permission: "projects:read",
    response: { status: 200, description: "The instance default.", schema: settings },
  },
  "PATCH /api/v1/retention": {
    tag,
    summary: "Change the instance's default retention",
    description: "Applies to every project that sets no value of its own. Audited (instance.retention).",
    permission: "retention:manage",
    body: updateRetentionSchema,
    response: { status: 200, description: "The default as changed.", schema: settings },
  },
});
