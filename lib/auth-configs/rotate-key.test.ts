import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { decryptSecret, encryptSecret, generateKey, parseKey, secretKeyId } from "@/lib/crypto";
import { createPrismaClient, type Db } from "@/lib/db";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";
import { reencryptSecrets } from "./rotate-key";

// A database of its own: rotation rewrites every secret, which would upset parallel test files.
let databaseUrl: string;
let client: Db;
let ownerId: string;

const oldKey = parseKey(generateKey());
const newKey = parseKey(generateKey());

async function addConfig(name: string, secret: string | null, key = oldKey) {
  return client.authConfig.create({
    data: {
      name,
      type: "api_key",
      domain: "example.org",
      settings: { headerName: "X-Key" },
      secretEncrypted: secret === null ? null : encryptSecret(secret, key),
      secretUpdatedAt: secret === null ? null : new Date(),
      createdById: ownerId,
    },
    select: { id: true, updatedAt: true },
  });
}

beforeAll(async () => {
  databaseUrl = await createTestDatabase(inject("databaseServerUrl"), "rotation");
  client = createPrismaClient(databaseUrl);
  ownerId = (await client.user.create({ data: { email: "rotation@example.test", name: "Rotation", passwordHash: "x" }, select: { id: true } })).id;
});

afterAll(async () => {
  await client.$disconnect();
  await dropTestDatabase(databaseUrl);
});

describe("reencryptSecrets", () => {
  it("re-encrypts every secret with the new key, leaves versions alone, and records the rotation", async () => {
    const first = await addConfig("first", "first-secret");
    const second = await addConfig("second", "second-secret");
    await addConfig("without secret", null);

    const report = await reencryptSecrets(client, { current: newKey, previous: oldKey });
    expect(report).toEqual({ total: 2, reencrypted: 2, alreadyCurrent: 0, newKeyId: newKey.id });

    const rows = await client.authConfig.findMany({ where: { id: { in: [first.id, second.id] } }, orderBy: { name: "asc" }, select: { secretEncrypted: true, updatedAt: true } });
    expect(rows.map((row) => secretKeyId(row.secretEncrypted!))).toEqual([newKey.id, newKey.id]);
    expect(rows.map((row) => decryptSecret(row.secretEncrypted!, [newKey]))).toEqual(["first-secret", "second-secret"]);
    expect(rows[0]!.updatedAt.toISOString()).toBe(first.updatedAt.toISOString());
    expect(() => decryptSecret(rows[0]!.secretEncrypted!, [oldKey])).toThrow(/No configured encryption key/);

    const audit = await client.auditEvent.findFirstOrThrow({ where: { action: "auth_config.key_rotation" }, select: { changes: true } });
    expect(audit.changes).toMatchObject({ reencrypted: 2, newKeyId: newKey.id, previousKeyId: oldKey.id });
    expect(JSON.stringify(audit.changes)).not.toContain("secret\"");

    // Running it again finds nothing left to do.
    expect(await reencryptSecrets(client, { current: newKey, previous: oldKey })).toMatchObject({ total: 2, reencrypted: 0, alreadyCurrent: 2 });
  });

  it("changes nothing when one secret cannot be decrypted with the known keys", async () => {
    const stranger = parseKey(generateKey());
    const readable = await addConfig("readable", "readable-secret", oldKey);
    await addConfig("unreadable", "unreadable-secret", stranger);
    const newerKey = parseKey(generateKey());
    await expect(reencryptSecrets(client, { current: newerKey, previous: oldKey })).rejects.toThrow(/No configured encryption key/);
    const row = await client.authConfig.findUniqueOrThrow({ where: { id: readable.id }, select: { secretEncrypted: true } });
    expect(secretKeyId(row.secretEncrypted!)).toBe(oldKey.id);
  });
});
