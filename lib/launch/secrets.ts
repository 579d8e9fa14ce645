/**
 * Generates the app's own secrets on first start, unless the environment provides them, into a
 * git-ignored file readable only by its owner. Nothing here has a default value.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { generateKey } from "@/lib/crypto";

type GeneratedSecrets = { NEXTAUTH_SECRET: string; ENCRYPTION_KEY: string };

export async function loadOrCreateSecrets(dataDir: string, log: (line: string) => void): Promise<void> {
  const file = path.join(dataDir, "secrets.json");
  let stored: Partial<GeneratedSecrets> = {};
  try {
    stored = JSON.parse(await fs.readFile(file, "utf8")) as Partial<GeneratedSecrets>;
  } catch {
    // First start: nothing stored yet.
  }
  const needed: GeneratedSecrets = {
    NEXTAUTH_SECRET: stored.NEXTAUTH_SECRET ?? randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: stored.ENCRYPTION_KEY ?? generateKey(),
  };
  const missingFromEnv = (Object.keys(needed) as Array<keyof GeneratedSecrets>).filter((key) => !process.env[key]);
  if (missingFromEnv.length === 0) return;

  const changed = missingFromEnv.some((key) => stored[key] === undefined);
  if (changed) {
    await fs.mkdir(dataDir, { recursive: true, mode: 0o711 });
    await fs.writeFile(file, JSON.stringify({ ...stored, ...needed }, null, 2), { mode: 0o600 });
    log(`Generated ${missingFromEnv.join(" and ")} into ${file} (keep this file; back it up with your data).`);
  }
  for (const key of missingFromEnv) process.env[key] = needed[key];
}
