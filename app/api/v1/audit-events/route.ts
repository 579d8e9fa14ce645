import { apiRoute } from "@/lib/api/route";
import { listAuditEvents } from "@/lib/audit/queries";

export const GET = apiRoute("GET /api/v1/audit-events", async ({ query }) => listAuditEvents(query));
