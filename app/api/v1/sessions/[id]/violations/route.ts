import { apiRoute, uuidParams } from "@/lib/api/route";
import { triageViolations } from "@/lib/results/mutations";
import { listViolations } from "@/lib/results/queries";
import { resultFiltersSchema, triageSchema } from "@/lib/results/schema";

const params = uuidParams("id");

/** Individual findings (narrow with rule, selector, pageId, criterion... to list one group). */
export const GET = apiRoute({ permission: "results:read", params, query: resultFiltersSchema }, async ({ params, query }) =>
  listViolations(params.id, query),
);

/** Bulk triage: { ids | fingerprints, status, reason }. */
export const PATCH = apiRoute({ permission: "results:triage", params, body: triageSchema }, async ({ user, params, body }) =>
  triageViolations(user, params.id, body),
);
