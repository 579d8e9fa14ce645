import { apiRoute, uuidParams } from "@/lib/api/route";
import { deleteEmailAlert } from "@/lib/notifications/mutations";

export const DELETE = apiRoute({ permission: "notifications:manage", params: uuidParams("id") }, async ({ user, params }) => deleteEmailAlert(user, params.id));
