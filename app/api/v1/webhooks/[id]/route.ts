import { apiRoute } from "@/lib/api/route";
import { deleteWebhook, updateWebhook } from "@/lib/notifications/mutations";

export const PATCH = apiRoute("PATCH /api/v1/webhooks/{id}", async ({ user, params, body }) => updateWebhook(user, params.id, body));

export const DELETE = apiRoute("DELETE /api/v1/webhooks/{id}", async ({ user, params }) => deleteWebhook(user, params.id));
