import { apiRoute } from "@/lib/api/route";
import { getRunResults } from "@/lib/results/queries";

/** The run's summary and grouped findings; with ?failOn=<impact>, also the CI verdict `passed`. */
export const GET = apiRoute("GET /api/v1/runs/{id}/results", async ({ params, query }) => getRunResults(params.id, query));
