import { apiRoute } from "@/lib/api/route";
import { deleteSchedule, updateSchedule } from "@/lib/schedules/mutations";
import { getSchedule } from "@/lib/schedules/queries";

export const GET = apiRoute("GET /api/v1/schedules/{id}", async ({ params }) => getSchedule(params.id));

export const PATCH = apiRoute("PATCH /api/v1/schedules/{id}", async ({ user, params, body }) => updateSchedule(user, params.id, body));

export const DELETE = apiRoute("DELETE /api/v1/schedules/{id}", async ({ user, params }) => deleteSchedule(user, params.id));
