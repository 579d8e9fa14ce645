import { apiRoute } from "@/lib/api/route";
import { compareSessions } from "@/lib/results/compare";

export const GET = apiRoute("GET /api/v1/projects/{id}/compare", async ({ params, query }) =>
  compareSessions(params.id, query.base, query.head),
);
