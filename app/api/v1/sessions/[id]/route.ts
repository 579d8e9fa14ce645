import { apiRoute } from "@/lib/api/route";
import { deleteSession } from "@/lib/runs/mutations";
import { updateSession } from "@/lib/sessions/mutations";
import { getSession } from "@/lib/sessions/queries";

export const GET = apiRoute("GET /api/v1/sessions/{id}", async ({ params }) => getSession(params.id));

export const PATCH = apiRoute("PATCH /api/v1/sessions/{id}", async ({ user, params, body }) =>
  updateSession(user, params.id, body),
);

export const DELETE = apiRoute("DELETE /api/v1/sessions/{id}", async ({ user, params }) => deleteSession(user, params.id));
