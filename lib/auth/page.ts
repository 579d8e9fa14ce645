/**
 * Guards for server components and server actions. Pages check here, never only in a layout.
 */
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { can, type Permission } from "@/lib/permissions";
import { getSessionUser, type CurrentUser } from "./current-user";

export async function requirePageUser(permission?: Permission): Promise<CurrentUser> {
  const user = await getSessionUser();
  if (!user) {
    // Set by proxy.ts; absent for server actions, which then return to the default page.
    const returnTo = (await headers()).get("x-clearsight-path");
    redirect(returnTo ? `/login?callbackUrl=${encodeURIComponent(returnTo)}` : "/login");
  }
  if (permission && !can(user.role, permission)) forbidden();
  return user;
}
