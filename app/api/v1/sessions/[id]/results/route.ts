import { apiRoute } from "@/lib/api/route";
import { evaluateGate, getResultsSummary, listResultGroups } from "@/lib/results/queries";

/** Summary and grouped findings; with ?failOn=<impact>, also the CI verdict `passed`. */
export const GET = apiRoute("GET /api/v1/sessions/{id}/results", async ({ params, query }) => {
  const { failOn, baseline, ...filters } = query;
  const [summary, list, gate] = await Promise.all([
    getResultsSummary(params.id),
    listResultGroups(params.id, filters),
    failOn ? evaluateGate(params.id, failOn, baseline) : Promise.resolve(null),
  ]);
  return { ...(gate ?? {}), summary, ...list };
});
