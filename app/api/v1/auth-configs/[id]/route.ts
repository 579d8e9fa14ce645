import { apiRoute } from "@/lib/api/route";
import { deleteAuthConfig, updateAuthConfig } from "@/lib/auth-configs/mutations";
import { getAuthConfig } from "@/lib/auth-configs/queries";

export const GET = apiRoute("GET /api/v1/auth-configs/{id}", async ({ params }) => getAuthConfig(params.id));

export const PATCH = apiRoute("PATCH /api/v1/auth-configs/{id}", async ({ user, params, body }) =>
  updateAuthConfig(user, params.id, body),
);

export const DELETE = apiRoute("DELETE /api/v1/auth-configs/{id}", async ({ user, params }) => deleteAuthConfig(user, params.id));
