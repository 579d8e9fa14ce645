import { apiRoute } from "@/lib/api/route";
import { revokeApiToken } from "@/lib/api-tokens/mutations";

export const DELETE = apiRoute("DELETE /api/v1/tokens/{id}", async ({ user, params }) => {
  await revokeApiToken(user, params.id);
  return { ok: true };
});
