import { apiRoute, created } from "@/lib/api/route";
import { createWebhook } from "@/lib/notifications/mutations";
import { listProjectWebhooks } from "@/lib/notifications/queries";

export const GET = apiRoute("GET /api/v1/projects/{id}/webhooks", async ({ params }) => ({ items: await listProjectWebhooks(params.id) }));

export const POST = apiRoute("POST /api/v1/projects/{id}/webhooks", async ({ user, params, body }) => created(await createWebhook(user, params.id, body)));
