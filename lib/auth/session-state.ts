/**
 * Server-side state of the JWT sessions. A session cookie carries its own id (`sid`) and the
 * user's session version (`sv`) at sign-in. A cookie stops working when the user signs out (its
 * id joins the ended sessions until it would have expired anyway) or when the user's session
 * version moves on (a password change or reset, or the user being disabled, so re-enabling
 * does not revive old cookies).
 */
import { randomUUID } from "node:crypto";
import { sqlPool } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { describeError, logger } from "@/lib/logger";
import { isUuid } from "@/lib/uuid";

export type SessionClaims = { userId?: unknown; sid?: unknown; sv?: unknown };

export type SessionUserRow = { id: string; email: string; name: string; role: Role };

export function newSessionId(): string {
  return randomUUID();
}

/**
 * The signed-in user, or null when the session was ended. Every page and cookie-authenticated
 * API call asks, so it is one statement: the user by primary key and the session id in the
 * ended sessions' primary key.
 */
export async function readSessionUser(claims: SessionClaims | null): Promise<SessionUserRow | null> {
  const { userId, sid, sv } = claims ?? {};
  if (typeof userId !== "string" || !isUuid(userId) || typeof sid !== "string" || typeof sv !== "number") return null;
  const { rows } = await sqlPool().query<SessionUserRow>(
    `SELECT u.id, u.email, u.name, u.role::text AS role FROM users u
     WHERE u.id = $1 AND NOT u.disabled AND u.session_version = $3
       AND NOT EXISTS (SELECT 1 FROM ended_sessions e WHERE e.id = $2)`,
    [userId, sid, sv],
  );
  return rows[0] ?? null;
}

/** Signing out: the cookie's session id is refused until the cookie would have expired. */
export async function endSession(token: Record<string, unknown> | null): Promise<void> {
  if (typeof token?.sid !== "string") return;
  const expiresAt = new Date(typeof token.exp === "number" ? token.exp * 1000 : Date.now() + 24 * 60 * 60 * 1000);
  try {
    await sqlPool().query(`INSERT INTO ended_sessions (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [token.sid, expiresAt]);
    // Housekeeping on the same occasion: ids of cookies that have expired by themselves.
    await sqlPool().query(`DELETE FROM ended_sessions WHERE expires_at < now()`);
  } catch (error) {
    // next-auth clears the browser's cookie anyway; say that a copy of it would still work.
    logger.error("could not record the end of a session", describeError(error));
  }
}
