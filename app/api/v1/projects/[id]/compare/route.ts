import { apiRoute, uuidParams } from "@/lib/api/route";
import { compareSessions } from "@/lib/results/compare";
import { compareQuerySchema } from "@/lib/results/schema";

export const GET = apiRoute({ permission: "results:read", params: uuidParams("id"), query: compareQuerySchema }, async ({ params, query }) =>
  compareSessions(params.id, query.base, query.head),
);
