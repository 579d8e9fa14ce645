/**
 * Re-encrypts every stored auth-config secret with the current key, in one transaction: either
 * all secrets move to the new key or none do.
 */
import { recordAudit } from "@/lib/audit/record";
import { decryptSecret, encryptSecret, secretKeyId, type EncryptionKey } from "@/lib/crypto";
import type { Db } from "@/lib/db";

export type RotationReport = { total: number; reencrypted: number; alreadyCurrent: number; newKeyId: string };

export async function reencryptSecrets(client: Db, keys: { current: EncryptionKey; previous?: EncryptionKey }): Promise<RotationReport> {
  const decryptionKeys = [keys.current, ...(keys.previous ? [keys.previous] : [])];
  return client.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Array<{ id: string; secret_encrypted: string }>>`
        SELECT id::text, secret_encrypted FROM auth_configs WHERE secret_encrypted IS NOT NULL ORDER BY id FOR UPDATE`;
      let reencrypted = 0;
      // TOTP seeds are secrets too; they move with the rest (not counted in the report's secrets).
      const seeds = await tx.$queryRaw<Array<{ id: string; totp_secret_encrypted: string }>>`
        SELECT id::text, totp_secret_encrypted FROM auth_configs WHERE totp_secret_encrypted IS NOT NULL ORDER BY id FOR UPDATE`;
      for (const seed of seeds) {
        if (secretKeyId(seed.totp_secret_encrypted) === keys.current.id) continue;
        const ciphertext = encryptSecret(decryptSecret(seed.totp_secret_encrypted, decryptionKeys), keys.current);
        await tx.$executeRaw`UPDATE auth_configs SET totp_secret_encrypted = ${ciphertext} WHERE id = ${seed.id}::uuid`;
      }
      for (const row of rows) {
        if (secretKeyId(row.secret_encrypted) === keys.current.id) continue;
        // Throws on a secret no configured key can open, which rolls everything back.
        const ciphertext = encryptSecret(decryptSecret(row.secret_encrypted, decryptionKeys), keys.current);
        // Raw SQL on purpose: the record's content (and so its edit version) does not change.
        await tx.$executeRaw`UPDATE auth_configs SET secret_encrypted = ${ciphertext} WHERE id = ${row.id}::uuid`;
        reencrypted += 1;
      }
      const report = { total: rows.length, reencrypted, alreadyCurrent: rows.length - reencrypted, newKeyId: keys.current.id };
      await recordAudit(tx, null, {
        action: "auth_config.key_rotation",
        recordType: "encryption_key",
        recordId: keys.current.id,
        changes: { ...report, previousKeyId: keys.previous?.id ?? null },
      });
      return report;
    },
    { timeout: 300_000, maxWait: 10_000 },
  );
}
