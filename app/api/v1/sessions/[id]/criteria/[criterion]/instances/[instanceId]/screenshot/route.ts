import { apiRoute } from "@/lib/api/route";
import { getCriterionInstanceScreenshot } from "@/lib/audits/queries";

export const GET = apiRoute("GET /api/v1/sessions/{id}/criteria/{criterion}/instances/{instanceId}/screenshot", async ({ params }) => {
  const screenshot = await getCriterionInstanceScreenshot(params.id, params.instanceId);
  return new Response(Buffer.from(screenshot.data), {
    headers: { "content-type": screenshot.mimeType, "cache-control": "private, max-age=86400, immutable", "x-content-type-options": "nosniff" },
  });
});
