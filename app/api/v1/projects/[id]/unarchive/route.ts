import { apiRoute } from "@/lib/api/route";
import { unarchiveProject } from "@/lib/projects/mutations";

export const POST = apiRoute("POST /api/v1/projects/{id}/unarchive", async ({ user, params, body }) =>
  unarchiveProject(user, params.id, body),
);
