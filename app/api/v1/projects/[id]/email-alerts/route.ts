import { apiRoute, created, uuidParams } from "@/lib/api/route";
import { createEmailAlert } from "@/lib/notifications/mutations";
import { listProjectEmailAlerts } from "@/lib/notifications/queries";
import { createEmailAlertSchema } from "@/lib/notifications/schema";

const params = uuidParams("id");

export const GET = apiRoute({ permission: "notifications:manage", params }, async ({ params }) => ({ items: await listProjectEmailAlerts(params.id) }));

export const POST = apiRoute({ permission: "notifications:manage", params, body: createEmailAlertSchema }, async ({ user, params, body }) =>
  created(await createEmailAlert(user, params.id, body)),
);
