import { apiRoute } from "@/lib/api/route";
import { listAuthConfigNames, listAuthConfigs } from "@/lib/auth-configs/queries";
import { can } from "@/lib/permissions";
import { deleteProject, updateProject } from "@/lib/projects/mutations";
import { getProject } from "@/lib/projects/queries";

export const GET = apiRoute("GET /api/v1/projects/{id}", async ({ user, params }) => {
  const project = await getProject(params.id);
  // Admins see the project's credentials (never their secrets); everyone else their names.
  const authConfigs = can(user.role, "auth-configs:manage")
    ? (await listAuthConfigs({ projectId: project.id, pageSize: 100 })).items
    : await listAuthConfigNames({ projectId: project.id });
  return { ...project, authConfigs };
});

export const PATCH = apiRoute("PATCH /api/v1/projects/{id}", async ({ user, params, body }) =>
  updateProject(user, params.id, body),
);

export const DELETE = apiRoute("DELETE /api/v1/projects/{id}", async ({ user, params, body }) =>
  deleteProject(user, params.id, body),
);
