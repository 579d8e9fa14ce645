import { apiRoute, uuidParams } from "@/lib/api/route";
import { updateUser } from "@/lib/users/mutations";
import { getUser } from "@/lib/users/queries";
import { updateUserSchema } from "@/lib/users/schema";

const params = uuidParams("id");

export const GET = apiRoute({ permission: "users:manage", params }, async ({ params }) => getUser(params.id));

export const PATCH = apiRoute({ permission: "users:manage", params, body: updateUserSchema }, async ({ user, params, body }) =>
  updateUser(user, params.id, body),
);
