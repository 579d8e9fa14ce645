import { apiRoute, uuidParams } from "@/lib/api/route";
import { generateReport } from "@/lib/reports/generate";
import { reportQuerySchema } from "@/lib/reports/schema";

export const GET = apiRoute({ permission: "results:read", params: uuidParams("id"), query: reportQuerySchema }, async ({ params, query }) => {
  const file = await generateReport(params.id, query.format);
  return new Response(file.body, {
    headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.filename}"`, "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
});
