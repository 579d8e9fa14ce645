/**
 * Reads an origin's /sitemap.xml and those robots.txt names (and, for a sitemap index, its child
 * sitemaps on the same origin). A missing or broken sitemap is normal: the crawl then relies on links alone.
 */
import { scannerUserAgent } from "./robots";
import { normalizeUrl } from "./url";

const FETCH_TIMEOUT_MS = 10_000;
const MAX_CHILD_SITEMAPS = 10;
const MAX_BYTES = 10 * 1024 * 1024;

export async function readSitemapUrls(origin: string, limit: number, extraSitemaps: readonly string[] = []): Promise<string[]> {
  const found = new Set<string>();
  // robots.txt's Sitemap: lines name more sitemaps (same origin only).
  const roots = [`${origin}/sitemap.xml`, ...extraSitemaps.filter((url) => sameOrigin(url, origin))];
  const documents: Array<string | undefined> = [];
  for (const rootUrl of [...new Set(roots)].slice(0, MAX_CHILD_SITEMAPS)) {
    const root = await fetchXml(rootUrl);
    if (!root) continue;
    const children = /<sitemapindex[\s>]/i.test(root) ? extractLocs(root).filter((loc) => sameOrigin(loc, origin)).slice(0, MAX_CHILD_SITEMAPS) : [];
    documents.push(...(children.length > 0 ? await Promise.all(children.map(fetchXml)) : [root]));
  }
  for (const document of documents) {
    for (const loc of document ? extractLocs(document) : []) {
      const url = normalizeUrl(loc);
      if (url && sameOrigin(url, origin)) found.add(url);
      if (found.size >= limit) return [...found];
    }
  }
  return [...found];
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

async function fetchXml(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: "follow", headers: { "user-agent": scannerUserAgent() } });
    if (!response.ok || !sameOrigin(response.url || url, new URL(url).origin)) return undefined;
    if (Number(response.headers.get("content-length") ?? 0) > MAX_BYTES) return undefined;
    const text = await response.text();
    return /<(urlset|sitemapindex)[\s>]/i.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'" };

export function extractLocs(xml: string): string[] {
  return [...xml.matchAll(/<loc>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*<\/loc>/gis)].map((match) =>
    (match[1] ?? "").replace(/&(amp|lt|gt|quot|apos);/g, (entity) => ENTITIES[entity] ?? entity).trim(),
  );
}
