import { recordAudit, type Actor } from "@/lib/audit/record";
import { API_TOKEN_PREFIX } from "@/lib/auth/current-user";
import { randomToken, sha256Hex } from "@/lib/crypto";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { apiTokenSelect } from "./queries";
import { createApiTokenSchema, type CreateApiTokenInput } from "./schema";

/** Creates a token for the actor. The plaintext is returned once and never stored. */
export async function createApiToken(actor: Actor, input: CreateApiTokenInput) {
  const data = createApiTokenSchema.parse(input);
  const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
  const expiresAt = data.expiresInDays ? new Date(Date.now() + data.expiresInDays * 86_400_000) : null;
  const record = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId: actor.id, name: data.name, tokenHash: sha256Hex(token), prefix: token.slice(0, 10), expiresAt },
      select: apiTokenSelect,
    });
    await recordAudit(tx, actor, { action: "api_token.create", recordType: "api_token", recordId: created.id, changes: { name: data.name } });
    return created;
  });
  return { ...record, token };
}

export async function revokeApiToken(actor: Actor, id: string) {
  return db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id, userId: actor.id }, select: { id: true, revokedAt: true } });
    if (!token) throw notFound("API token");
    if (token.revokedAt) return;
    await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, actor, { action: "api_token.revoke", recordType: "api_token", recordId: id });
  });
}
