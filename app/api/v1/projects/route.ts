import { apiRoute, created } from "@/lib/api/route";
import { createProject } from "@/lib/projects/mutations";
import { listProjects } from "@/lib/projects/queries";
import { createProjectSchema, listProjectsQuerySchema } from "@/lib/projects/schema";

export const GET = apiRoute({ permission: "projects:read", query: listProjectsQuerySchema }, async ({ query }) => listProjects(query));

export const POST = apiRoute({ permission: "projects:write", body: createProjectSchema }, async ({ user, body }) =>
  created(await createProject(user, body)),
);
