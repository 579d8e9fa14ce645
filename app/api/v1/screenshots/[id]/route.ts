import { apiRoute } from "@/lib/api/route";
import { getScreenshot } from "@/lib/results/queries";

export const GET = apiRoute("GET /api/v1/screenshots/{id}", async ({ params }) => {
  const screenshot = await getScreenshot(params.id);
  return new Response(Buffer.from(screenshot.data), {
    headers: {
      "content-type": screenshot.mimeType,
      // Screenshots never change once stored; private because results are not public.
      "cache-control": "private, max-age=86400, immutable",
      "x-content-type-options": "nosniff",
    },
  });
});
