/**
 * Who is asking. The session cookie (or an API token) only names a user; the user is re-read
 * on every request, so a disabled account or a changed role takes effect at the next request,
 * and a password reset ends the sessions opened before it.
 */
import { getServerSession } from "next-auth";
import { db } from "@/lib/db";
import { sha256Hex } from "@/lib/crypto";
import type { Role } from "@/lib/generated/prisma/enums";
import { getAuthOptions } from "./options";

export type CurrentUser = { id: string; email: string; name: string; role: Role };

export const API_TOKEN_PREFIX = "cs_";

const currentUserSelect = { id: true, email: true, name: true, role: true, disabled: true, passwordChangedAt: true } as const;

export async function getSessionUser(): Promise<CurrentUser | null> {
  const session = (await getServerSession(getAuthOptions())) as { userId?: string; passwordVersion?: number } | null;
  if (!session?.userId) return null;
  const user = await db.user.findUnique({ where: { id: session.userId }, select: currentUserSelect });
  if (!user || user.disabled) return null;
  if (session.passwordVersion !== user.passwordChangedAt.getTime()) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export async function getTokenUser(authorization: string | null): Promise<CurrentUser | null> {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]?.startsWith(API_TOKEN_PREFIX)) return null;
  const token = await db.apiToken.findUnique({
    where: { tokenHash: sha256Hex(match[1]) },
    select: { id: true, revokedAt: true, expiresAt: true, lastUsedAt: true, user: { select: currentUserSelect } },
  });
  const now = new Date();
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now) || token.user.disabled) return null;
  // Cheap enough to record at most once a minute per token.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  const { user } = token;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
