import { apiRoute, uuidParams } from "@/lib/api/route";
import { deleteSchedule, updateSchedule } from "@/lib/schedules/mutations";
import { getSchedule } from "@/lib/schedules/queries";
import { updateScheduleSchema } from "@/lib/schedules/schema";

const params = uuidParams("id");

export const GET = apiRoute({ permission: "projects:read", params }, async ({ params }) => getSchedule(params.id));

export const PATCH = apiRoute({ permission: "schedules:write", params, body: updateScheduleSchema }, async ({ user, params, body }) =>
  updateSchedule(user, params.id, body),
);

export const DELETE = apiRoute({ permission: "schedules:write", params }, async ({ user, params }) => deleteSchedule(user, params.id));
