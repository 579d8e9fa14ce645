/**
 * Encryption of stored credentials (AES-256-GCM) and hashing of tokens.
 * Ciphertext format: "v1.<keyId>.<iv>.<tag>.<data>" with base64url parts, so a value names the
 * key that encrypted it and key rotation can find what still needs re-encrypting.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { readEnv, requireEnv } from "@/lib/env";

const ALGORITHM = "aes-256-gcm";
const VERSION = "v1";

export type EncryptionKey = { id: string; key: Buffer };

export function parseKey(encoded: string, variable = "ENCRYPTION_KEY"): EncryptionKey {
  const key = Buffer.from(encoded, "base64");
  if (key.length !== 32) {
    throw new Error(`${variable} must be 32 bytes encoded as base64 (got ${key.length} bytes).`);
  }
  return { id: keyId(key), key };
}

/** A short, stable, non-secret identifier of a key. */
export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 12);
}

export function generateKey(): string {
  return randomBytes(32).toString("base64");
}

export function currentKey(): EncryptionKey {
  return parseKey(requireEnv("ENCRYPTION_KEY"));
}

function knownKeys(): EncryptionKey[] {
  const previous = readEnv().ENCRYPTION_KEY_PREVIOUS;
  return [currentKey(), ...(previous ? [parseKey(previous, "ENCRYPTION_KEY_PREVIOUS")] : [])];
}

export function encryptSecret(plaintext: string, key: EncryptionKey = currentKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key.key, iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, key.id, iv.toString("base64url"), tag.toString("base64url"), data.toString("base64url")].join(".");
}

export function secretKeyId(ciphertext: string): string | undefined {
  const [version, id] = ciphertext.split(".");
  return version === VERSION ? id : undefined;
}

export function decryptSecret(ciphertext: string, keys: EncryptionKey[] = knownKeys()): string {
  const [version, id, iv, tag, data] = ciphertext.split(".");
  if (version !== VERSION || !id || !iv || !tag || data === undefined) {
    throw new Error("Unrecognised ciphertext format.");
  }
  const key = keys.find((candidate) => candidate.id === id);
  if (!key) {
    throw new Error(`No configured encryption key has id ${id}. Set ENCRYPTION_KEY_PREVIOUS to the old key.`);
  }
  const decipher = createDecipheriv(ALGORITHM, key.key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
