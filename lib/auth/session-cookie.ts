/**
 * Keeps the browser session that changed its own password signed in. Sessions are JWTs tied to
 * the password version (see current-user.ts), so a password change ends them all; the session
 * making the change gets a fresh cookie carrying the new version.
 */
import { cookies } from "next/headers";
import { getServerSession } from "next-auth";
import { encode } from "next-auth/jwt";
import { readEnv } from "@/lib/env";
import { SESSION_MAX_AGE_SECONDS, getAuthOptions, secureCookiesEnabled } from "./options";

export async function renewSessionCookie(user: { id: string; email: string; name: string }, passwordChangedAt: Date): Promise<void> {
  const session = (await getServerSession(getAuthOptions())) as { userId?: string } | null;
  if (session?.userId !== user.id) return;
  const secure = secureCookiesEnabled();
  const value = await encode({
    secret: readEnv().NEXTAUTH_SECRET ?? "",
    maxAge: SESSION_MAX_AGE_SECONDS,
    token: { sub: user.id, name: user.name, email: user.email, passwordVersion: passwordChangedAt.getTime() },
  });
  (await cookies()).set(`${secure ? "__Secure-" : ""}next-auth.session-token`, value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}
