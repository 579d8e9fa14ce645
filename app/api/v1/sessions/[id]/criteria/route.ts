import { apiRoute } from "@/lib/api/route";
import { listSessionCriteria } from "@/lib/audits/queries";

export const GET = apiRoute("GET /api/v1/sessions/{id}/criteria", async ({ params }) => (await listSessionCriteria(params.id)).criteria);
