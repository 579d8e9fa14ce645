import { apiRoute, uuidParams } from "@/lib/api/route";
import { resetPassword } from "@/lib/users/mutations";
import { resetPasswordSchema } from "@/lib/users/schema";

export const POST = apiRoute(
  { permission: "users:manage", params: uuidParams("id"), body: resetPasswordSchema },
  async ({ user, params, body }) => {
    await resetPassword(user, params.id, body);
    return { ok: true };
  },
);
