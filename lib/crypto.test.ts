import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, generateKey, parseKey, secretKeyId } from "./crypto";

describe("secret encryption", () => {
  it("round-trips and never contains the plaintext", () => {
    const key = parseKey(generateKey());
    const ciphertext = encryptSecret("hunter2-päss", key);
    expect(ciphertext).not.toContain("hunter2");
    expect(secretKeyId(ciphertext)).toBe(key.id);
    expect(decryptSecret(ciphertext, [key])).toBe("hunter2-päss");
  });

  it("uses a fresh IV each time", () => {
    const key = parseKey(generateKey());
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("detects tampering and unknown keys", () => {
    const key = parseKey(generateKey());
    const other = parseKey(generateKey());
    const ciphertext = encryptSecret("secret", key);
    const parts = ciphertext.split(".");
    const data = Buffer.from(parts[4]!, "base64url");
    data[0] = data[0]! ^ 1;
    parts[4] = data.toString("base64url");
    expect(() => decryptSecret(parts.join("."), [key])).toThrow();
    expect(() => decryptSecret(ciphertext, [other])).toThrow(/No configured encryption key/);
  });

  it("rejects keys of the wrong length", () => {
    expect(() => parseKey(Buffer.alloc(16).toString("base64"))).toThrow(/32 bytes/);
  });
});
