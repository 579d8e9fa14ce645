import { apiRoute } from "@/lib/api/route";
import { deleteCriterionInstance } from "@/lib/audits/mutations";

export const DELETE = apiRoute("DELETE /api/v1/sessions/{id}/criteria/{criterion}/instances/{instanceId}", async ({ user, params }) => {
  await deleteCriterionInstance(user, params.id, params.instanceId);
  return new Response(null, { status: 204 });
});
