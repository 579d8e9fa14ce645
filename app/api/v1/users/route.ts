import { apiRoute, created } from "@/lib/api/route";
import { createUser } from "@/lib/users/mutations";
import { listUsers } from "@/lib/users/queries";

export const GET = apiRoute("GET /api/v1/users", async () => ({ items: await listUsers() }));

export const POST = apiRoute("POST /api/v1/users", async ({ user, body }) =>
  created(await createUser(user, body)),
);
