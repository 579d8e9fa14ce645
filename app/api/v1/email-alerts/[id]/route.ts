import { apiRoute } from "@/lib/api/route";
import { deleteEmailAlert } from "@/lib/notifications/mutations";

export const DELETE = apiRoute("DELETE /api/v1/email-alerts/{id}", async ({ user, params }) => deleteEmailAlert(user, params.id));
