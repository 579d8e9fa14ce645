import { apiRoute } from "@/lib/api/route";
import { deleteRun } from "@/lib/runs/mutations";
import { getRun } from "@/lib/runs/queries";

export const GET = apiRoute("GET /api/v1/runs/{id}", async ({ params }) => getRun(params.id));

export const DELETE = apiRoute("DELETE /api/v1/runs/{id}", async ({ user, params }) => deleteRun(user, params.id));
