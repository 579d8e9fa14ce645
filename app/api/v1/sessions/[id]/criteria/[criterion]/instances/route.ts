import { apiRoute, created } from "@/lib/api/route";
import { addCriterionInstance } from "@/lib/audits/mutations";
import { getSessionCriterion } from "@/lib/audits/queries";
import { readInstanceUpload } from "@/lib/audits/upload";

export const GET = apiRoute("GET /api/v1/sessions/{id}/criteria/{criterion}/instances", async ({ params }) => (await getSessionCriterion(params.id, params.criterion)).instances);

export const POST = apiRoute("POST /api/v1/sessions/{id}/criteria/{criterion}/instances", async ({ request, user, params }) => {
  const upload = await readInstanceUpload(request);
  return created(await addCriterionInstance(user, params.id, params.criterion, upload.fields, upload.screenshot));
});
