import { apiRoute } from "@/lib/api/route";
import { triageViolations } from "@/lib/results/mutations";
import { listViolations } from "@/lib/results/queries";
import { resolveSessionRun } from "@/lib/runs/queries";

/** Individual findings of the latest run (or `?runId=`); narrow with rule, selector, pageId, criterion... to list one group. */
export const GET = apiRoute("GET /api/v1/sessions/{id}/violations", async ({ params, query }) => {
  const { runId, ...filters } = query;
  return listViolations(await resolveSessionRun(params.id, runId), filters);
});

/** Bulk triage: { ids | fingerprints, status, reason }. */
export const PATCH = apiRoute("PATCH /api/v1/sessions/{id}/violations", async ({ user, params, body }) =>
  triageViolations(user, params.id, body),
);
