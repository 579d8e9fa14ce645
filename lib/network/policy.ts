/**
 * Where a scan's browser, and the server's own outgoing calls (webhooks, lib/notifications),
 * may connect; here, below both, so neither reaches into the other. Checked at request time for
 * every navigation, redirect and subresource of a scanned page (the browser context's request
 * interception and the egress proxy, lib/scans), after
 * resolving the host name, so neither a redirect nor a DNS name nor an odd IP spelling
 * (2130706433, 0x7f.1, [::ffff:a9fe:a9fe]) reaches an address the policy refuses.
 *
 * Always refused: link-local addresses (169.254.0.0/16 and fe80::/10, where cloud metadata
 * services answer), "this network" (0.0.0.0/8, ::), cloud metadata host names, and the
 * product's own database and web ports. Loopback and private ranges are allowed by default:
 * self-hosted teams scan staging and intranet sites. SCAN_NETWORK_POLICY narrows or widens
 * that, e.g. "block 10.0.0.0/8, block *.corp.example, allow 10.1.2.0/24":
 * the last matching rule wins; the always-refused list cannot be widened.
 */
import { lookup } from "node:dns/promises";
import net from "node:net";
import type { BrowserContext, Request, Route } from "playwright-core";
import { readEnv } from "@/lib/env";

export const POLICY_NAME = "the scan network policy (SCAN_NETWORK_POLICY)";

/** Shown on the admin page: what no rule can allow. */
export const ALWAYS_REFUSED = [
  "link-local addresses: 169.254.0.0/16 and fe80::/10 (cloud metadata services)",
  "this network: 0.0.0.0/8 and ::",
  "cloud metadata host names: metadata.google.internal, metadata.azure.com, instance-data…",
  "Clearsight's own database and web server ports",
  "URLs with a user name or password",
];

type Cidr = { family: 4 | 6; bits: bigint; prefix: number };
export type Rule = { action: "allow" | "block"; cidr?: Cidr; host?: string };
type Endpoint = { address?: string; host?: string; port: number };

export type NetworkPolicy = {
  /** Checked in order, the last matching rule winning: an admin's rules, then SCAN_NETWORK_POLICY's. */
  rules: Rule[];
  /** Addresses and ports of the product itself (database, web app). */
  ownEndpoints: Endpoint[];
  resolve: (host: string) => Promise<string[]>;
};

const ALWAYS_BLOCKED_CIDRS = ["169.254.0.0/16", "0.0.0.0/8", "fe80::/10", "::/128", "100.100.100.200/32", "fd00:ec2::254/128"].map(parseCidr);
const ALWAYS_BLOCKED_HOSTS = ["metadata.google.internal", "metadata", "metadata.azure.com", "instance-data", "instance-data.ec2.internal"];

export function parseCidr(text: string): Cidr {
  const [address = "", prefixText] = text.trim().split("/");
  const family = net.isIPv4(address) ? 4 : net.isIPv6(address) ? 6 : 0;
  if (family === 0) throw new Error(`${text} is not an IP address or CIDR range.`);
  const width = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) throw new Error(`${text} has an invalid prefix length.`);
  return { family, bits: toBits(address), prefix };
}

function toBits(address: string): bigint {
  if (net.isIPv4(address)) return address.split(".").reduce((sum, part) => (sum << 8n) + BigInt(Number(part)), 0n);
  const [head = "", tail = ""] = address.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":").flatMap((group) => (group.includes(".") ? ipv4Groups(group) : [group])));
  const left = groups(head);
  const right = address.includes("::") ? groups(tail) : [];
  const middle = address.includes("::") ? Array(8 - left.length - right.length).fill("0") : [];
  return [...left, ...middle, ...right].reduce((sum, group) => (sum << 16n) + BigInt(parseInt(group, 16)), 0n);
}

function ipv4Groups(v4: string): string[] {
  const value = Number(toBits(v4));
  return [((value >>> 16) & 0xffff).toString(16), (value & 0xffff).toString(16)];
}

function inCidr(address: string, cidr: Cidr): boolean {
  let family: 4 | 6 = net.isIPv4(address) ? 4 : 6;
  let bits = toBits(address);
  // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is checked as the IPv4 address it is.
  if (family === 6 && bits >> 32n === 0xffffn) {
    family = 4;
    bits &= 0xffffffffn;
  }
  if (family !== cidr.family) return false;
  const width = BigInt(family === 4 ? 32 : 128);
  const shift = width - BigInt(cidr.prefix);
  return bits >> shift === cidr.bits >> shift;
}

function hostMatches(pattern: string, host: string): boolean {
  return pattern.startsWith("*.") ? host.endsWith(pattern.slice(1)) || host === pattern.slice(2) : host === pattern;
}

/** "allow 10.0.0.0/8, block *.corp.example" (commas or new lines between rules). */
export function parsePolicyRules(text: string, source = "SCAN_NETWORK_POLICY"): Rule[] {
  return text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [action, target = ""] = part.split(/\s+/, 2);
      if (action !== "allow" && action !== "block") throw new Error(`${source}: "${part}" must start with allow or block.`);
      const value = target.toLowerCase();
      if (net.isIP(value.split("/")[0] ?? "")) return { action, cidr: parseCidr(value) };
      if (!/^(\*\.)?[a-z0-9.-]+$/.test(value)) throw new Error(`${source}: "${target}" is not a CIDR range or host name.`);
      return { action, host: value };
    });
}

/** The policy from the environment: its rules, and the product's own endpoints. */
export function networkPolicyFromEnv(): NetworkPolicy {
  const env = readEnv();
  const ownEndpoints: Endpoint[] = [{ host: "localhost", port: env.PORT }, { address: "127.0.0.1", port: env.PORT }, { address: "::1", port: env.PORT }];
  if (env.DATABASE_URL) {
    const database = new URL(env.DATABASE_URL);
    const host = database.hostname.replace(/^\[|\]$/g, "").toLowerCase();
    const port = Number(database.port || 5432);
    ownEndpoints.push(net.isIP(host) ? { address: host, port } : { host, port });
  }
  return { rules: parsePolicyRules(env.SCAN_NETWORK_POLICY ?? ""), ownEndpoints, resolve: resolveHost };
}

async function resolveHost(host: string): Promise<string[]> {
  return (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
}

/** Why a URL may not be requested, or null when it may. */
export async function checkUrl(policy: NetworkPolicy, url: string): Promise<string | null> {
  const target = await resolveTarget(policy, url);
  return "reason" in target ? target.reason : null;
}

export type Target = { reason: string } | { address: string; port: number } | { unresolved: true } | { notNetwork: true };

/**
 * Where a URL would connect: the refusal, or the checked address to connect to (the egress proxy
 * connects there, so a second DNS answer cannot swap in another address).
 */
export async function resolveTarget(policy: NetworkPolicy, url: string): Promise<Target> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { notNetwork: true };
  }
  // Only the network is policed; data:, blob: and the like never leave the browser.
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:" && parsed.protocol !== "ws:" && parsed.protocol !== "wss:") return { notNetwork: true };
  if (parsed.username || parsed.password) return { reason: `${parsed.host}: URLs with a user name or password are not requested` };
  // WHATWG URL parsing has already turned 2130706433 and 0x7f.1 into 127.0.0.1.
  const host = parsed.hostname.replace(/^\[|\]$/g, "").toLowerCase().replace(/\.$/, "");
  const port = Number(parsed.port || (parsed.protocol === "https:" || parsed.protocol === "wss:" ? 443 : 80));
  if (ALWAYS_BLOCKED_HOSTS.includes(host)) return { reason: `${host} is a cloud metadata service` };
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : await policy.resolve(host);
  } catch {
    // Unresolvable: the browser fails on its own (ERR_NAME_NOT_RESOLVED).
    return { unresolved: true };
  }
  for (const address of addresses) {
    if (ALWAYS_BLOCKED_CIDRS.some((cidr) => inCidr(address, cidr))) return { reason: `${host} (${address}) is a link-local or unspecified address` };
    const own = policy.ownEndpoints.find((endpoint) => endpoint.port === port && (endpoint.host === host || (endpoint.address !== undefined && sameAddress(endpoint.address, address))));
    if (own) return { reason: `${host}:${port} is Clearsight's own ${own.port === readEnv().PORT ? "web server" : "database"}` };
    let verdict: "allow" | "block" = "allow";
    for (const rule of policy.rules) {
      if ((rule.cidr && inCidr(address, rule.cidr)) || (rule.host && hostMatches(rule.host, host))) verdict = rule.action;
    }
    if (verdict === "block") return { reason: `${host} (${address}) is blocked by a rule` };
  }
  const address = addresses[0];
  return address ? { address, port } : { unresolved: true };
}

function sameAddress(a: string, b: string): boolean {
  return net.isIP(a) === net.isIP(b) ? toBits(a) === toBits(b) : inCidr(b, parseCidr(a));
}

/**
 * Polices every request of a browser context. Requests the policy refuses are aborted (the
 * page sees a network error); `onBlocked` hears of each, with the reason. Other handlers
 * (authenticated scanning's headers) chain through route.fallback().
 */
export async function applyNetworkPolicy(
  context: BrowserContext,
  policy: NetworkPolicy,
  onBlocked?: (url: string, reason: string) => void,
): Promise<void> {
  await context.route("**/*", async (route: Route) => {
    const url = route.request().url();
    const reason = await checkUrl(policy, url);
    if (reason === null) return route.fallback();
    onBlocked?.(url, reason);
    return route.abort("blockedbyclient");
  });
}

/**
 * Playwright does not route the requests a redirect makes, so a navigation's redirect hops are
 * checked once it has landed: a page that went through a refused address is not scanned (nothing
 * of it is stored or shown). Why the refused hop was refused, or null.
 */
export async function checkRedirects(policy: NetworkPolicy, request: Request): Promise<string | null> {
  for (let hop: Request | null = request; hop; hop = hop.redirectedFrom()) {
    const reason = await checkUrl(policy, hop.url());
    if (reason) return reason;
  }
  return null;
}
