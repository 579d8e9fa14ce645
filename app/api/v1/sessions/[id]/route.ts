import { apiRoute, uuidParams } from "@/lib/api/route";
import { updateSession } from "@/lib/sessions/mutations";
import { getSession } from "@/lib/sessions/queries";
import { updateSessionSchema } from "@/lib/sessions/schema";

const params = uuidParams("id");

export const GET = apiRoute({ permission: "sessions:read", params }, async ({ params }) => getSession(params.id));

export const PATCH = apiRoute({ permission: "sessions:write", params, body: updateSessionSchema }, async ({ user, params, body }) =>
  updateSession(user, params.id, body),
);
