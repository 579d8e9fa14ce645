import { apiRoute } from "@/lib/api/route";
import { updateProjectRetention } from "@/lib/retention/mutations";
import { getProjectRetention } from "@/lib/retention/queries";

export const GET = apiRoute("GET /api/v1/projects/{id}/retention", async ({ params }) => getProjectRetention(params.id));

export const PATCH = apiRoute("PATCH /api/v1/projects/{id}/retention", async ({ user, params, body }) => updateProjectRetention(user, params.id, body));
