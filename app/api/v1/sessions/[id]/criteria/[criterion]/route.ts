import { apiRoute } from "@/lib/api/route";
import { setCriterionOutcome } from "@/lib/audits/mutations";
import { getSessionCriterion } from "@/lib/audits/queries";

export const GET = apiRoute("GET /api/v1/sessions/{id}/criteria/{criterion}", async ({ params }) => {
  const { criterion, instances } = await getSessionCriterion(params.id, params.criterion);
  return { ...criterion, failureInstances: instances };
});

export const PUT = apiRoute("PUT /api/v1/sessions/{id}/criteria/{criterion}", async ({ user, params, body }) =>
  setCriterionOutcome(user, params.id, params.criterion, body),
);
