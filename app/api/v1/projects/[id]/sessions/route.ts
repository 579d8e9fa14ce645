import { apiRoute, created } from "@/lib/api/route";
import { createSession } from "@/lib/sessions/mutations";
import { listProjectSessions } from "@/lib/sessions/queries";

export const GET = apiRoute("GET /api/v1/projects/{id}/sessions", async ({ params, query }) =>
  listProjectSessions(params.id, query),
);

export const POST = apiRoute("POST /api/v1/projects/{id}/sessions", async ({ user, params, body }) =>
  created(await createSession(user, params.id, body)),
);
