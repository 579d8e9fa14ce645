import { apiRoute } from "@/lib/api/route";
import { getTestLoginScreenshot } from "@/lib/auth-configs/test-login";

export const GET = apiRoute("GET /api/v1/auth-configs/{id}/tests/{testId}/screenshot", async ({ params }) => {
  const image = await getTestLoginScreenshot(params.id, params.testId);
  return new Response(Buffer.from(image), {
    headers: { "content-type": "image/jpeg", "cache-control": "private, max-age=86400, immutable", "x-content-type-options": "nosniff" },
  });
});
