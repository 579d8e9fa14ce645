import { z } from "zod";
import { defineOperations, idAndName } from "@/lib/api/operation";
import { uuidParams } from "@/lib/api/params";
import { CRITERION_OUTCOMES, PROPOSAL_KINDS, checkedRequirementsSchema, criterionInstanceSchema, criterionParamSchema, setCriterionOutcomeSchema } from "@/lib/audits/schema";
import { REPORT_FORMATS, reportQuerySchema } from "@/lib/reports/schema";
import { WCAG_LEVELS } from "@/lib/sessions/schema";

const criterionRow = z.object({
  criterion: z.string(),
  title: z.string(),
  level: z.enum(WCAG_LEVELS),
  principle: z.string(),
  guideline: z.string(),
  understanding: z.string(),
  outcome: z.enum(CRITERION_OUTCOMES),
  proposedOutcome: z.enum(CRITERION_OUTCOMES).nullable(),
  proposal: z.enum(PROPOSAL_KINDS),
  notes: z.string().nullable(),
  testedBy: idAndName.nullable(),
  testedAt: z.iso.datetime().nullable(),
  checkedRequirements: z.array(z.string()),
  instances: z.int(),
  automated: z.object({ violations: z.int(), needsReview: z.int(), covered: z.boolean() }),
  updatedAt: z.iso.datetime().nullable().describe("Send it back as expectedUpdatedAt to refuse a stale edit."),
});

const instance = z.object({
  id: z.uuid(),
  pageUrl: z.string(),
  selector: z.string().nullable(),
  description: z.string(),
  hasScreenshot: z.boolean(),
  screenshotWidth: z.int().nullable(),
  screenshotHeight: z.int().nullable(),
  createdBy: idAndName.nullable(),
  createdAt: z.iso.datetime(),
});

const instanceParams = criterionParamSchema.extend({ instanceId: z.uuid("instanceId must be a UUID.") });
const tag = "Audits and reports";

export const auditOperations = defineOperations({
  "GET /api/v1/sessions/{id}/criteria": {
    tag,
    summary: "Every success criterion's outcome in a session",
    description: "Outcome (passed, failed, not applicable, cannot tell, untested), what the automated findings propose, notes, tester and ticked test requirements.",
    permission: "results:read",
    params: uuidParams("id"),
    response: { status: 200, description: "One row per criterion of the session's WCAG version and level.", schema: z.array(criterionRow) },
  },
  "GET /api/v1/sessions/{id}/criteria/{criterion}": {
    tag,
    summary: "One criterion's outcome with its failure instances",
    permission: "results:read",
    params: criterionParamSchema,
    response: { status: 200, description: "The criterion.", schema: criterionRow.extend({ failureInstances: z.array(instance) }) },
  },
  "PUT /api/v1/sessions/{id}/criteria/{criterion}": {
    tag,
    summary: "Record a criterion's outcome",
    description: "With expectedUpdatedAt (null for a criterion without a verdict yet), a stale edit is refused with 409.",
    permission: "audits:record",
    params: criterionParamSchema,
    body: setCriterionOutcomeSchema,
    response: { status: 200, description: "The criterion as recorded.", schema: criterionRow },
    errors: ["conflict"],
  },
  "PUT /api/v1/sessions/{id}/criteria/{criterion}/requirements": {
    tag,
    summary: "Tick a criterion's W3C test requirements",
    permission: "audits:record",
    params: criterionParamSchema,
    body: checkedRequirementsSchema,
    response: { status: 200, description: "The criterion as recorded.", schema: criterionRow },
  },
  "GET /api/v1/sessions/{id}/criteria/{criterion}/instances": {
    tag,
    summary: "A criterion's failure instances",
    permission: "results:read",
    params: criterionParamSchema,
    response: { status: 200, description: "The instances, oldest first.", schema: z.array(instance) },
  },
  "POST /api/v1/sessions/{id}/criteria/{criterion}/instances": {
    tag,
    summary: "Add a failure instance",
    permission: "audits:record",
    params: criterionParamSchema,
    upload: {
      description: "JSON without a screenshot, or multipart/form-data with the same fields and an optional `screenshot` file (PNG, JPEG or WebP, at most 5 MB).",
      contentTypes: ["application/json", "multipart/form-data"],
      schema: criterionInstanceSchema,
    },
    response: { status: 201, description: "The instance added.", schema: instance },
  },
  "DELETE /api/v1/sessions/{id}/criteria/{criterion}/instances/{instanceId}": {
    tag,
    summary: "Delete a failure instance",
    permission: "audits:record",
    params: instanceParams,
    response: { status: 204, description: "Deleted." },
  },
  "GET /api/v1/sessions/{id}/criteria/{criterion}/instances/{instanceId}/screenshot": {
    tag,
    summary: "A failure instance's screenshot",
    permission: "results:read",
    params: instanceParams,
    response: { status: 200, description: "The image.", contentTypes: ["image/png", "image/jpeg", "image/webp"] },
  },
  "GET /api/v1/sessions/{id}/report": {
    tag,
    summary: "A conformance report",
    description: `Formats: ${REPORT_FORMATS.join(", ")} (self-contained HTML, tagged PDF, OpenACR YAML, EARL JSON-LD, findings as CSV or JSON).`,
    permission: "results:read",
    params: uuidParams("id"),
    query: reportQuerySchema,
    response: {
      status: 200,
      description: "The report, as an attachment.",
      contentTypes: ["text/html", "application/pdf", "application/yaml", "application/ld+json", "text/csv", "application/json"],
    },
  },
});
