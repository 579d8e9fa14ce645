import { apiRoute } from "@/lib/api/route";
import { listSessionRuns } from "@/lib/runs/queries";

/** The session's runs, newest first. */
export const GET = apiRoute("GET /api/v1/sessions/{id}/runs", async ({ params, query }) => listSessionRuns(params.id, query));
