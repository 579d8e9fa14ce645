import { apiRoute } from "@/lib/api/route";
import { generateReport } from "@/lib/reports/generate";

export const GET = apiRoute("GET /api/v1/sessions/{id}/report", async ({ params, query }) => {
  const file = await generateReport(params.id, query.format);
  return new Response(file.body, {
    headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.filename}"`, "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
});
