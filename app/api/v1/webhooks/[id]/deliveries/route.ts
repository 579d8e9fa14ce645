import { apiRoute } from "@/lib/api/route";
import { listWebhookDeliveries } from "@/lib/notifications/queries";

export const GET = apiRoute("GET /api/v1/webhooks/{id}/deliveries", async ({ params, query }) => listWebhookDeliveries(params.id, query));
