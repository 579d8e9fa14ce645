import { apiRoute, created } from "@/lib/api/route";
import { createUser } from "@/lib/users/mutations";
import { listUsers } from "@/lib/users/queries";
import { createUserSchema } from "@/lib/users/schema";

export const GET = apiRoute({ permission: "users:manage" }, async () => ({ items: await listUsers() }));

export const POST = apiRoute({ permission: "users:manage", body: createUserSchema }, async ({ user, body }) =>
  created(await createUser(user, body)),
);
