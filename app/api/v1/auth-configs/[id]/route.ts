import { apiRoute, uuidParams } from "@/lib/api/route";
import { deleteAuthConfig, updateAuthConfig } from "@/lib/auth-configs/mutations";
import { getAuthConfig } from "@/lib/auth-configs/queries";
import { updateAuthConfigSchema } from "@/lib/auth-configs/schema";

const params = uuidParams("id");

export const GET = apiRoute({ permission: "auth-configs:manage", params }, async ({ params }) => getAuthConfig(params.id));

export const PATCH = apiRoute({ permission: "auth-configs:manage", params, body: updateAuthConfigSchema }, async ({ user, params, body }) =>
  updateAuthConfig(user, params.id, body),
);

export const DELETE = apiRoute({ permission: "auth-configs:manage", params }, async ({ user, params }) => deleteAuthConfig(user, params.id));
