import { apiRoute, uuidParams } from "@/lib/api/route";
import { evaluateGate, getResultsSummary, listResultGroups } from "@/lib/results/queries";
import { resultsQuerySchema } from "@/lib/results/schema";

/** Summary and grouped findings; with ?failOn=<impact>, also the CI verdict `passed`. */
export const GET = apiRoute({ permission: "results:read", params: uuidParams("id"), query: resultsQuerySchema }, async ({ params, query }) => {
  const { failOn, ...filters } = query;
  const [summary, list, gate] = await Promise.all([
    getResultsSummary(params.id),
    listResultGroups(params.id, filters),
    failOn ? evaluateGate(params.id, failOn) : Promise.resolve(null),
  ]);
  return { ...(gate ?? {}), summary, ...list };
});
