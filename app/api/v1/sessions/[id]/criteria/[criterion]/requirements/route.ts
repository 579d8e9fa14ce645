import { apiRoute } from "@/lib/api/route";
import { setCheckedRequirements } from "@/lib/audits/mutations";
import { checkedRequirementsSchema, criterionParamSchema } from "@/lib/audits/schema";

export const PUT = apiRoute({ permission: "audits:record", params: criterionParamSchema, body: checkedRequirementsSchema }, async ({ user, params, body }) =>
  setCheckedRequirements(user, params.id, params.criterion, body),
);
