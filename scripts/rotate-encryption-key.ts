/**
 * `npm run secrets:rotate`: re-encrypts every auth-config secret with a new key, in one
 * transaction. Stop the app first, then run with the old key in ENCRYPTION_KEY_PREVIOUS and the
 * new one in ENCRYPTION_KEY:
 *
 *   ENCRYPTION_KEY_PREVIOUS=<old> ENCRYPTION_KEY=<new> npm run secrets:rotate [-- --update-secrets-file]
 *
 * With --update-secrets-file, <DATA_DIR>/secrets.json (where `npm start` keeps generated keys)
 * gets the new key afterwards, its old content kept beside it as secrets.json.bak-<time>.
 * Prints key ids and counts only, never a key or a secret.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { reencryptSecrets } from "@/lib/auth-configs/rotate-key";
import { parseKey } from "@/lib/crypto";
import { withCliDatabase } from "@/lib/database/connect-cli";
import { createPrismaClient } from "@/lib/db";
import { readEnv } from "@/lib/env";

async function updateSecretsFile(dataDir: string, previous: string, current: string): Promise<string> {
  const file = path.join(path.resolve(dataDir), "secrets.json");
  const stored = JSON.parse(await fs.readFile(file, "utf8")) as Record<string, string>;
  if (stored.ENCRYPTION_KEY === current) return `${file} already holds the new key.`;
  if (stored.ENCRYPTION_KEY !== previous) {
    throw new Error(`${file} holds neither the old nor the new key; update it by hand.`);
  }
  const backup = `${file}.bak-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  await fs.copyFile(file, backup);
  await fs.chmod(backup, 0o600);
  await fs.writeFile(file, JSON.stringify({ ...stored, ENCRYPTION_KEY: current }, null, 2), { mode: 0o600 });
  return `${file} now holds the new key (the old file is kept as ${backup}; delete it once you have a new backup).`;
}

async function main(): Promise<number> {
  const env = readEnv();
  if (!env.ENCRYPTION_KEY || !env.ENCRYPTION_KEY_PREVIOUS) {
    console.error("Set ENCRYPTION_KEY_PREVIOUS to the key in use now and ENCRYPTION_KEY to the new key (32 bytes, base64).");
    return 2;
  }
  const current = parseKey(env.ENCRYPTION_KEY, "ENCRYPTION_KEY");
  const previous = parseKey(env.ENCRYPTION_KEY_PREVIOUS, "ENCRYPTION_KEY_PREVIOUS");
  const report = await withCliDatabase(async (databaseUrl) => {
    const client = createPrismaClient(databaseUrl);
    try {
      return await reencryptSecrets(client, { current, previous });
    } finally {
      await client.$disconnect();
    }
  });
  console.log(
    `Re-encrypted ${report.reencrypted} of ${report.total} stored secrets with key ${report.newKeyId} ` +
      `(${report.alreadyCurrent} already used it; previous key ${previous.id}).`,
  );
  if (process.argv.includes("--update-secrets-file")) {
    try {
      console.log(await updateSecretsFile(env.DATA_DIR, env.ENCRYPTION_KEY_PREVIOUS, env.ENCRYPTION_KEY));
    } catch (error) {
      console.error(`The secrets were re-encrypted, but secrets.json was not updated (${error instanceof Error ? error.message : String(error)}).`);
      console.error("Set ENCRYPTION_KEY to the new key there by hand before starting the app.");
      return 1;
    }
  } else {
    console.log("Now make ENCRYPTION_KEY the new key wherever the app reads it (environment or <DATA_DIR>/secrets.json).");
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`secrets:rotate failed; no secret was changed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
