import { apiRoute } from "@/lib/api/route";
import { setCheckedRequirements } from "@/lib/audits/mutations";

export const PUT = apiRoute("PUT /api/v1/sessions/{id}/criteria/{criterion}/requirements", async ({ user, params, body }) =>
  setCheckedRequirements(user, params.id, params.criterion, body),
);
