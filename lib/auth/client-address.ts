/**
 * Which client a request comes from, for the sign-in throttle. The production server
 * (scripts/serve.ts) sets CLIENT_ADDRESS_HEADER on every request from the socket (or, behind
 * TRUSTED_PROXY_HOPS proxies, from X-Forwarded-For counted from the right: entries further left
 * are whatever the client sent), signed with NEXTAUTH_SECRET so a client cannot name itself (a
 * fresh name per attempt would look like a clean client). Unsigned or absent (`next dev`): no
 * client is known.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { isIPv6 } from "node:net";

export const CLIENT_ADDRESS_HEADER = "x-clearsight-client";

export function clientAddress(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string | null {
  let address = remoteAddress;
  if (trustedHops > 0) {
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    // The address the outermost trusted proxy saw; with fewer entries, the leftmost one.
    address = hops[Math.max(0, hops.length - trustedHops)] ?? remoteAddress;
  }
  return address ? throttleKey(address) : null;
}

const signature = (address: string, secret: string) => createHmac("sha256", secret).update(`client-address:${address}`).digest("base64url");

export function signClientAddress(address: string, secret: string): string {
  return `${address} ${signature(address, secret)}`;
}

export function readClientAddress(header: string | null, secret: string | undefined): string | null {
  if (!header || !secret) return null;
  const [address = "", given = ""] = header.split(" ");
  const expected = Buffer.from(signature(address, secret));
  const actual = Buffer.from(given);
  return address && actual.length === expected.length && timingSafeEqual(actual, expected) ? address : null;
}

/** IPv4-mapped IPv6 as IPv4; other IPv6 by its /64 (one subscriber's block, cheap to rotate within). */
export function throttleKey(address: string): string {
  const plain = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped) return mapped[1]!;
  if (!isIPv6(plain)) return plain.slice(0, 64);
  const [head = "", tail = ""] = plain.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = plain.includes("::") ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
