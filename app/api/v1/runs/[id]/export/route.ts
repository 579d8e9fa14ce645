import { apiRoute } from "@/lib/api/route";
import { exportFindingsResponse } from "@/lib/results/export";

export const GET = apiRoute("GET /api/v1/runs/{id}/export", async ({ params, query }) => exportFindingsResponse(params.id, query.format, query.kind));
