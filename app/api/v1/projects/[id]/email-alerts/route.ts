import { apiRoute, created } from "@/lib/api/route";
import { createEmailAlert } from "@/lib/notifications/mutations";
import { listProjectEmailAlerts } from "@/lib/notifications/queries";

export const GET = apiRoute("GET /api/v1/projects/{id}/email-alerts", async ({ params }) => ({ items: await listProjectEmailAlerts(params.id) }));

export const POST = apiRoute("POST /api/v1/projects/{id}/email-alerts", async ({ user, params, body }) => created(await createEmailAlert(user, params.id, body)));
