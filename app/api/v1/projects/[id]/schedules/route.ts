import { apiRoute, created } from "@/lib/api/route";
import { createSchedule } from "@/lib/schedules/mutations";
import { listProjectSchedules } from "@/lib/schedules/queries";

export const GET = apiRoute("GET /api/v1/projects/{id}/schedules", async ({ params }) => ({ items: await listProjectSchedules(params.id) }));

export const POST = apiRoute("POST /api/v1/projects/{id}/schedules", async ({ user, params, body }) => created(await createSchedule(user, params.id, body)));
