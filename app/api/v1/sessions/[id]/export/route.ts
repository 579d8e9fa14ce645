import { apiRoute, uuidParams } from "@/lib/api/route";
import { exportFindings } from "@/lib/results/export";
import { exportQuerySchema } from "@/lib/results/schema";

export const GET = apiRoute({ permission: "results:read", params: uuidParams("id"), query: exportQuerySchema }, async ({ params, query }) => {
  const file = await exportFindings(params.id, query.format, query.kind);
  return new Response(file.stream, {
    headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.filename}"`, "cache-control": "no-store" },
  });
});
