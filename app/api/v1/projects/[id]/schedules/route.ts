import { apiRoute, created, uuidParams } from "@/lib/api/route";
import { createSchedule } from "@/lib/schedules/mutations";
import { listProjectSchedules } from "@/lib/schedules/queries";
import { createScheduleSchema } from "@/lib/schedules/schema";

const params = uuidParams("id");

export const GET = apiRoute({ permission: "projects:read", params }, async ({ params }) => ({ items: await listProjectSchedules(params.id) }));

export const POST = apiRoute({ permission: "schedules:write", params, body: createScheduleSchema }, async ({ user, params, body }) =>
  created(await createSchedule(user, params.id, body)),
);
