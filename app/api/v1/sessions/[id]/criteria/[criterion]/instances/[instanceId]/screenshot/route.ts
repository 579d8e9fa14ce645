import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { getCriterionInstanceScreenshot } from "@/lib/audits/queries";
import { criterionParamSchema } from "@/lib/audits/schema";

const params = criterionParamSchema.extend({ instanceId: z.uuid("instanceId must be a UUID.") });

export const GET = apiRoute({ permission: "results:read", params }, async ({ params }) => {
  const screenshot = await getCriterionInstanceScreenshot(params.id, params.instanceId);
  return new Response(Buffer.from(screenshot.data), {
    headers: { "content-type": screenshot.mimeType, "cache-control": "private, max-age=86400, immutable", "x-content-type-options": "nosniff" },
  });
});
