import { apiRoute, created } from "@/lib/api/route";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { listApiTokens } from "@/lib/api-tokens/queries";

export const GET = apiRoute("GET /api/v1/tokens", async ({ user }) => ({ items: await listApiTokens(user.id) }));

export const POST = apiRoute("POST /api/v1/tokens", async ({ user, body }) =>
  created(await createApiToken(user, body)),
);
