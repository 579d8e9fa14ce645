import { apiRoute, created, uuidParams } from "@/lib/api/route";
import { createSession } from "@/lib/sessions/mutations";
import { listProjectSessions } from "@/lib/sessions/queries";
import { createSessionSchema, listSessionsQuerySchema } from "@/lib/sessions/schema";

const params = uuidParams("id");

export const GET = apiRoute({ permission: "sessions:read", params, query: listSessionsQuerySchema }, async ({ params, query }) =>
  listProjectSessions(params.id, query),
);

export const POST = apiRoute({ permission: "sessions:write", params, body: createSessionSchema }, async ({ user, params, body }) =>
  created(await createSession(user, params.id, body)),
);
