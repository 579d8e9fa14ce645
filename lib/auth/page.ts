/**
 * Guards for server components and server actions. Pages check here, never only in a layout.
 */
import { forbidden, redirect } from "next/navigation";
import { can, type Permission } from "@/lib/permissions";
import { getSessionUser, type CurrentUser } from "./current-user";

export async function requirePageUser(permission?: Permission, returnTo?: string): Promise<CurrentUser> {
  const user = await getSessionUser();
  if (!user) redirect(returnTo ? `/login?callbackUrl=${encodeURIComponent(returnTo)}` : "/login");
  if (permission && !can(user.role, permission)) forbidden();
  return user;
}
