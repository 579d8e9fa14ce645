import { apiRoute } from "@/lib/api/route";
import { getRun } from "@/lib/runs/queries";

export const GET = apiRoute("GET /api/v1/runs/{id}", async ({ params }) => getRun(params.id));
