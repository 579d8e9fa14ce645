import { apiRoute } from "@/lib/api/route";
import { resetPassword } from "@/lib/users/mutations";

export const POST = apiRoute(
  "POST /api/v1/users/{id}/password",
  async ({ user, params, body }) => {
    const { tokensRevoked } = await resetPassword(user, params.id, body);
    return { ok: true as const, tokensRevoked };
  },
);
