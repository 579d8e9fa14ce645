/**
 * robots.txt for crawls (RFC 9309): the group for the scanner's user agent (or `*`) decides
 * which discovered pages a crawl may visit, and its `Sitemap:` lines add sitemaps to read.
 * Longest matching rule wins, Allow on a tie; `*` and a final `$` are understood. A missing
 * robots.txt (4xx) or one that cannot be read allows everything.
 */
import { readEnv } from "@/lib/env";

/** The product token sites name in robots.txt; the default user agent contains it. */
export const SCANNER_ROBOTS_TOKEN = "ClearsightScanner";

export function scannerUserAgent(): string {
  return readEnv().SCANNER_USER_AGENT;
}

type Rule = { allow: boolean; pattern: string };
export type Robots = { rules: Rule[]; sitemaps: string[] };

const FETCH_TIMEOUT_MS = 10_000;
const MAX_BYTES = 500 * 1024;
const CACHE_MS = 5 * 60_000;
const cache = new Map<string, { at: number; robots: Promise<Robots> }>();

/** The rules of the most specific group naming the user agent, else those of `*`. */
export function parseRobots(text: string, userAgent: string): Robots {
  const agent = userAgent.toLowerCase();
  const groups: Array<{ agents: string[]; rules: Rule[] }> = [];
  const sitemaps: string[] = [];
  let current: { agents: string[]; rules: Rule[] } | undefined;
  let lastWasAgent = false;
  for (const raw of text.split(/\r?\n|\r/)) {
    const line = raw.replace(/#.*/, "").trim();
    const match = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    const field = match[1]!.toLowerCase();
    const value = match[2]!.trim();
    if (field === "sitemap") {
      if (value) sitemaps.push(value);
      continue;
    }
    if (field === "user-agent") {
      if (!current || !lastWasAgent) groups.push((current = { agents: [], rules: [] }));
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current || (field !== "allow" && field !== "disallow")) continue;
    // An empty Disallow allows everything: it adds no rule.
    if (value) current.rules.push({ allow: field === "allow", pattern: value });
  }
  let best: { length: number; rules: Rule[] } | undefined;
  let star: Rule[] | undefined;
  for (const group of groups) {
    for (const name of group.agents) {
      if (name === "*") star = [...(star ?? []), ...group.rules];
      else if (agent.includes(name) && (!best || name.length > best.length)) best = { length: name.length, rules: group.rules };
    }
  }
  return { rules: best?.rules ?? star ?? [], sitemaps };
}

function matches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith("$");
  const body = (anchored ? pattern.slice(0, -1) : pattern).split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${body.join(".*")}${anchored ? "$" : ""}`).test(path);
}

export function isAllowedByRobots(robots: Robots, url: string): boolean {
  let path: string;
  try {
    const parsed = new URL(url);
    path = `${parsed.pathname}${parsed.search}`;
  } catch {
    return false;
  }
  let winner: Rule | undefined;
  for (const rule of robots.rules) {
    if (!matches(rule.pattern, path)) continue;
    const longer = !winner || rule.pattern.length > winner.pattern.length;
    const tieAllow = winner && rule.pattern.length === winner.pattern.length && rule.allow;
    if (longer || tieAllow) winner = rule;
  }
  return winner?.allow ?? true;
}

async function fetchRobots(origin: string): Promise<Robots> {
  try {
    const response = await fetch(`${origin}/robots.txt`, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      redirect: "follow",
      headers: { "user-agent": scannerUserAgent() },
    });
    if (!response.ok) return { rules: [], sitemaps: [] };
    const text = (await response.text()).slice(0, MAX_BYTES);
    return parseRobots(text, scannerUserAgent());
  } catch {
    return { rules: [], sitemaps: [] };
  }
}

/** An origin's robots.txt, read at most every few minutes however many pages a crawl finds. */
export function readRobots(origin: string, now = Date.now()): Promise<Robots> {
  const cached = cache.get(origin);
  if (cached && now - cached.at < CACHE_MS) return cached.robots;
  const robots = fetchRobots(origin);
  cache.set(origin, { at: now, robots });
  if (cache.size > 1000) cache.delete(cache.keys().next().value!);
  return robots;
}
