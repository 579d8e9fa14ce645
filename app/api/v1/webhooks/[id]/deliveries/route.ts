import { apiRoute, uuidParams } from "@/lib/api/route";
import { listWebhookDeliveries } from "@/lib/notifications/queries";
import { listDeliveriesQuerySchema } from "@/lib/notifications/schema";

export const GET = apiRoute({ permission: "notifications:manage", params: uuidParams("id"), query: listDeliveriesQuerySchema }, async ({ params, query }) =>
  listWebhookDeliveries(params.id, query),
);
