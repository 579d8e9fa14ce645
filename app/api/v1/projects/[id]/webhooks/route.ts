import { apiRoute, created, uuidParams } from "@/lib/api/route";
import { createWebhook } from "@/lib/notifications/mutations";
import { listProjectWebhooks } from "@/lib/notifications/queries";
import { createWebhookSchema } from "@/lib/notifications/schema";

const params = uuidParams("id");

export const GET = apiRoute({ permission: "notifications:manage", params }, async ({ params }) => ({ items: await listProjectWebhooks(params.id) }));

export const POST = apiRoute({ permission: "notifications:manage", params, body: createWebhookSchema }, async ({ user, params, body }) =>
  created(await createWebhook(user, params.id, body)),
);
