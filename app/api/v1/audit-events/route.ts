import { apiRoute } from "@/lib/api/route";
import { listAuditEvents } from "@/lib/audit/queries";
import { listAuditEventsQuerySchema } from "@/lib/audit/schema";

export const GET = apiRoute({ permission: "audit:read", query: listAuditEventsQuerySchema }, async ({ query }) => listAuditEvents(query));
