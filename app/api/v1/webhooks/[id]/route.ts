import { apiRoute, uuidParams } from "@/lib/api/route";
import { deleteWebhook, updateWebhook } from "@/lib/notifications/mutations";
import { updateWebhookSchema } from "@/lib/notifications/schema";

const params = uuidParams("id");

export const PATCH = apiRoute({ permission: "notifications:manage", params, body: updateWebhookSchema }, async ({ user, params, body }) =>
  updateWebhook(user, params.id, body),
);

export const DELETE = apiRoute({ permission: "notifications:manage", params }, async ({ user, params }) => deleteWebhook(user, params.id));
