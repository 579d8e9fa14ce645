import { apiRoute } from "@/lib/api/route";
import { updateUser } from "@/lib/users/mutations";
import { getUser } from "@/lib/users/queries";

export const GET = apiRoute("GET /api/v1/users/{id}", async ({ params }) => getUser(params.id));

export const PATCH = apiRoute("PATCH /api/v1/users/{id}", async ({ user, params, body }) =>
  updateUser(user, params.id, body),
);
