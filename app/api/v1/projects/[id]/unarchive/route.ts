import { apiRoute, uuidParams } from "@/lib/api/route";
import { unarchiveProject } from "@/lib/projects/mutations";
import { archiveProjectSchema } from "@/lib/projects/schema";

export const POST = apiRoute({ permission: "projects:write", params: uuidParams("id"), body: archiveProjectSchema }, async ({ user, params, body }) =>
  unarchiveProject(user, params.id, body),
);
