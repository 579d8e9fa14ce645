import { apiRoute } from "@/lib/api/route";
import { archiveProject } from "@/lib/projects/mutations";

export const POST = apiRoute("POST /api/v1/projects/{id}/archive", async ({ user, params, body }) =>
  archiveProject(user, params.id, body),
);
