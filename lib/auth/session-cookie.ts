/**
 * Keeps the browser session that changed its own password signed in. Sessions are JWTs tied to
 * the user's session version (see session-state.ts), so a password change ends them all; the
 * session making the change gets a fresh cookie carrying the new version.
 */
import { cookies } from "next/headers";
import { getServerSession } from "next-auth";
import { encode } from "next-auth/jwt";
import { readEnv } from "@/lib/env";
import { SESSION_MAX_AGE_SECONDS, getAuthOptions, secureCookiesEnabled } from "./options";
import { newSessionId } from "./session-state";

export async function renewSessionCookie(user: { id: string; email: string; name: string }, sessionVersion: number): Promise<void> {
  const session = (await getServerSession(getAuthOptions())) as { userId?: string } | null;
  if (session?.userId !== user.id) return;
  const secure = secureCookiesEnabled();
  const value = await encode({
    secret: readEnv().NEXTAUTH_SECRET ?? "",
    maxAge: SESSION_MAX_AGE_SECONDS,
    token: { sub: user.id, name: user.name, email: user.email, sid: newSessionId(), sv: sessionVersion },
  });
  (await cookies()).set(`${secure ? "__Secure-" : ""}next-auth.session-token`, value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}
