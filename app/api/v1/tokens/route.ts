import { apiRoute, created } from "@/lib/api/route";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { listApiTokens } from "@/lib/api-tokens/queries";
import { createApiTokenSchema } from "@/lib/api-tokens/schema";

export const GET = apiRoute({ permission: "tokens:own" }, async ({ user }) => ({ items: await listApiTokens(user.id) }));

export const POST = apiRoute({ permission: "tokens:own", body: createApiTokenSchema }, async ({ user, body }) =>
  created(await createApiToken(user, body)),
);
