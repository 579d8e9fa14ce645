import { db } from "@/lib/db";

// Never select token_hash.
export const apiTokenSelect = { id: true, name: true, prefix: true, lastUsedAt: true, expiresAt: true, revokedAt: true, createdAt: true } as const;

export async function listApiTokens(userId: string) {
  return db.apiToken.findMany({ where: { userId }, select: apiTokenSelect, orderBy: { createdAt: "desc" } });
}
