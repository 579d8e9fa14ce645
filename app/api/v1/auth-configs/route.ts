import { apiRoute, created } from "@/lib/api/route";
import { createAuthConfig } from "@/lib/auth-configs/mutations";
import { listAuthConfigs } from "@/lib/auth-configs/queries";
import { createAuthConfigSchema, listAuthConfigsQuerySchema } from "@/lib/auth-configs/schema";

export const GET = apiRoute({ permission: "auth-configs:manage", query: listAuthConfigsQuerySchema }, async ({ query }) =>
  listAuthConfigs(query),
);

export const POST = apiRoute({ permission: "auth-configs:manage", body: createAuthConfigSchema }, async ({ user, body }) =>
  created(await createAuthConfig(user, body)),
);
