import { apiRoute } from "@/lib/api/route";
import { PERMISSIONS, can, type Permission } from "@/lib/permissions";

export const GET = apiRoute("GET /api/v1/me", async ({ user }) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  permissions: (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => can(user.role, permission)),
}));
