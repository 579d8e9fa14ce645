import { apiRoute, created } from "@/lib/api/route";
import { addCriterionInstance } from "@/lib/audits/mutations";
import { getSessionCriterion } from "@/lib/audits/queries";
import { criterionParamSchema } from "@/lib/audits/schema";
import { readInstanceUpload } from "@/lib/audits/upload";

export const GET = apiRoute({ permission: "results:read", params: criterionParamSchema }, async ({ params }) => (await getSessionCriterion(params.id, params.criterion)).instances);

export const POST = apiRoute({ permission: "audits:record", params: criterionParamSchema }, async ({ request, user, params }) => {
  const upload = await readInstanceUpload(request);
  return created(await addCriterionInstance(user, params.id, params.criterion, upload.fields, upload.screenshot));
});
