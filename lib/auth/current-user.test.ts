import { expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/mutations";
import { db } from "@/lib/db";
import { createTestUser } from "@/tests/support/factories";
import { getTokenUser } from "./current-user";

it("resolves a live token to its user, and nothing for a revoked, expired or disabled one", async () => {
  const owner = await createTestUser("TESTER");
  const live = await createApiToken(owner.actor, { name: "ci" });
  expect(await getTokenUser(`Bearer ${live.token}`)).toEqual({ id: owner.actor.id, email: owner.actor.email, name: expect.any(String), role: "TESTER", tokenId: live.id });
  expect(await getTokenUser(`bearer ${live.token}`)).not.toBeNull();
  expect(await getTokenUser(`Bearer ${live.token}x`)).toBeNull();
  expect(await getTokenUser(`Basic ${live.token}`)).toBeNull();
  expect(await getTokenUser(null)).toBeNull();

  // Used: recorded once, not rewritten within the minute.
  const firstUse = (await db.apiToken.findUniqueOrThrow({ where: { id: live.id }, select: { lastUsedAt: true } })).lastUsedAt;
  expect(firstUse).not.toBeNull();
  await getTokenUser(`Bearer ${live.token}`);
  expect((await db.apiToken.findUniqueOrThrow({ where: { id: live.id }, select: { lastUsedAt: true } })).lastUsedAt).toEqual(firstUse);

  const expiring = await createApiToken(owner.actor, { name: "old" });
  await db.apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  expect(await getTokenUser(`Bearer ${expiring.token}`)).toBeNull();

  await revokeApiToken(owner.actor, live.id);
  expect(await getTokenUser(`Bearer ${live.token}`)).toBeNull();

  const other = await createApiToken(owner.actor, { name: "other" });
  await db.user.update({ where: { id: owner.actor.id }, data: { disabled: true } });
  expect(await getTokenUser(`Bearer ${other.token}`)).toBeNull();
});
