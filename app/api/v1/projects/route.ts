import { apiRoute, created } from "@/lib/api/route";
import { createProject } from "@/lib/projects/mutations";
import { listProjects } from "@/lib/projects/queries";

export const GET = apiRoute("GET /api/v1/projects", async ({ query }) => listProjects(query));

export const POST = apiRoute("POST /api/v1/projects", async ({ user, body }) =>
  created(await createProject(user, body)),
);
