import { apiRoute } from "@/lib/api/route";
import { exportFindings } from "@/lib/results/export";

export const GET = apiRoute("GET /api/v1/sessions/{id}/export", async ({ params, query }) => {
  const file = await exportFindings(params.id, query.format, query.kind);
  return new Response(file.stream, {
    headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.filename}"`, "cache-control": "no-store" },
  });
});
