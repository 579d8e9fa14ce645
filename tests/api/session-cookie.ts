/**
 * A next-auth session cookie for a user, as the sign-in endpoint would set it, so a suite can
 * call routes the way a browser does (cookie-authenticated) rather than with an API token.
 */
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { db } from "@/lib/db";

export async function sessionCookieFor(userId: string): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true, sessionVersion: true } });
  const token = await encode({
    secret: process.env.NEXTAUTH_SECRET!,
    token: { sub: user.id, email: user.email, name: user.name, sid: randomUUID(), sv: user.sessionVersion },
  });
  return `next-auth.session-token=${token}`;
}
