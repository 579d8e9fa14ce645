import { apiRoute, created } from "@/lib/api/route";
import { duplicateSession } from "@/lib/sessions/mutations";

export const POST = apiRoute(
  "POST /api/v1/sessions/{id}/duplicate",
  async ({ user, params, body }) => created(await duplicateSession(user, params.id, body)),
);
