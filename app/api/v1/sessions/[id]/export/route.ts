import { apiRoute } from "@/lib/api/route";
import { exportFindingsResponse } from "@/lib/results/export";
import { resolveSessionRun } from "@/lib/runs/queries";

/** The latest run's findings (or `?runId=`). */
export const GET = apiRoute("GET /api/v1/sessions/{id}/export", async ({ params, query }) =>
  exportFindingsResponse(await resolveSessionRun(params.id, query.runId), query.format, query.kind),
);
