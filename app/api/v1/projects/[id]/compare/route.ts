import { apiRoute } from "@/lib/api/route";
import { compareRuns } from "@/lib/results/compare";

export const GET = apiRoute("GET /api/v1/projects/{id}/compare", async ({ params, query }) => compareRuns(params.id, query.base, query.head));
