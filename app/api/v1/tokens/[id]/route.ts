import { apiRoute, uuidParams } from "@/lib/api/route";
import { revokeApiToken } from "@/lib/api-tokens/mutations";

export const DELETE = apiRoute({ permission: "tokens:own", params: uuidParams("id") }, async ({ user, params }) => {
  await revokeApiToken(user, params.id);
  return { ok: true };
});
