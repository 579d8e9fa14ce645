import { apiRoute } from "@/lib/api/route";
import { setCriterionOutcome } from "@/lib/audits/mutations";
import { getSessionCriterion } from "@/lib/audits/queries";
import { criterionParamSchema, setCriterionOutcomeSchema } from "@/lib/audits/schema";

export const GET = apiRoute({ permission: "results:read", params: criterionParamSchema }, async ({ params }) => {
  const { criterion, instances } = await getSessionCriterion(params.id, params.criterion);
  return { ...criterion, failureInstances: instances };
});

export const PUT = apiRoute({ permission: "audits:record", params: criterionParamSchema, body: setCriterionOutcomeSchema }, async ({ user, params, body }) =>
  setCriterionOutcome(user, params.id, params.criterion, body),
);
