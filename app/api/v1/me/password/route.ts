import { apiRoute } from "@/lib/api/route";
import { renewSessionCookie } from "@/lib/auth/session-cookie";
import { changeOwnPassword } from "@/lib/users/mutations";

export const POST = apiRoute("POST /api/v1/me/password", async ({ user, body }) => {
  const result = await changeOwnPassword(user, body);
  await renewSessionCookie(user, result.sessionVersion);
  return { ok: true as const, tokensRevoked: result.tokensRevoked };
});
