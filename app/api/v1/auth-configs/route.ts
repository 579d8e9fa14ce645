import { apiRoute, created } from "@/lib/api/route";
import { createAuthConfig } from "@/lib/auth-configs/mutations";
import { listAuthConfigs } from "@/lib/auth-configs/queries";

export const GET = apiRoute("GET /api/v1/auth-configs", async ({ query }) =>
  listAuthConfigs(query),
);

export const POST = apiRoute("POST /api/v1/auth-configs", async ({ user, body }) =>
  created(await createAuthConfig(user, body)),
);
