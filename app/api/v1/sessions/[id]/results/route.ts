import { apiRoute } from "@/lib/api/route";
import { getRunResults } from "@/lib/results/queries";
import { resolveSessionRun } from "@/lib/runs/queries";

/** The latest run's summary and grouped findings (or `?runId=`); with ?failOn=<impact>, also the CI verdict `passed`. */
export const GET = apiRoute("GET /api/v1/sessions/{id}/results", async ({ params, query }) => {
  const { runId, ...rest } = query;
  return getRunResults(await resolveSessionRun(params.id, runId), rest);
});
