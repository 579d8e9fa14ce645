import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { deleteCriterionInstance } from "@/lib/audits/mutations";
import { criterionParamSchema } from "@/lib/audits/schema";

const params = criterionParamSchema.extend({ instanceId: z.uuid("instanceId must be a UUID.") });

export const DELETE = apiRoute({ permission: "audits:record", params }, async ({ user, params }) => {
  await deleteCriterionInstance(user, params.id, params.instanceId);
  return new Response(null, { status: 204 });
});
