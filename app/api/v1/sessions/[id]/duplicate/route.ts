import { apiRoute, created, uuidParams } from "@/lib/api/route";
import { duplicateSession } from "@/lib/sessions/mutations";
import { duplicateSessionSchema } from "@/lib/sessions/schema";

export const POST = apiRoute(
  { permission: "sessions:write", params: uuidParams("id"), body: duplicateSessionSchema },
  async ({ user, params, body }) => created(await duplicateSession(user, params.id, body)),
);
