import { apiRoute } from "@/lib/api/route";
import { getProjectTrends, trendsToCsv } from "@/lib/trends/queries";

/** The series the project page's trend chart shows; `?format=csv` downloads them. */
export const GET = apiRoute("GET /api/v1/projects/{id}/trends", async ({ params, query }) => {
  const trends = await getProjectTrends(params.id, query);
  if (query.format === "json") return trends;
  return new Response(trendsToCsv(trends), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="trends-${params.id}.csv"` },
  });
});
