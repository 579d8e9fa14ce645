import { createHmac, timingSafeEqual } from "node:crypto";

/** The header a webhook receiver checks: hex HMAC-SHA256 of the raw request body under the webhook's secret. */
export const SIGNATURE_HEADER = "x-clearsight-signature-256";

export function signBody(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("hex");
}

/** What a receiver does (and what the tests do): recompute and compare in constant time. */
export function verifySignature(body: string, secret: string, signature: string): boolean {
  const expected = Buffer.from(signBody(body, secret), "hex");
  const given = Buffer.from(signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
