/**
 * URL normalisation and crawl filters, so a page is planned and scanned once however it is
 * linked: fragment, credentials, default port and an empty query dropped, scheme and host
 * lower-cased. The path is never changed: `/shop/products/` and `/shop/products` are different
 * resources on many servers, so the URL a user listed is the URL stored, shown and scanned.
 */

/** The normalised form of an http(s) URL, or undefined for anything else (mailto:, javascript:, junk). */
export function normalizeUrl(input: string, base?: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  url.hash = "";
  url.username = "";
  url.password = "";
  // URL already lower-cases the host and drops :80 for http and :443 for https.
  const href = url.toString();
  return href.endsWith("?") ? href.slice(0, -1) : href;
}

export function originOf(url: string): string {
  return new URL(url).origin;
}

/** The path and query of a normalised URL: what identifies a page within its site. */
export function pagePath(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`, "i");
}

export function matchesPattern(url: string, pattern: string): boolean {
  const subject = pattern.startsWith("/") ? pagePath(url) : url;
  return patternToRegExp(pattern).test(subject);
}

/** Include patterns (when any) must match; exclude patterns win. */
export function passesFilters(url: string, include: readonly string[], exclude: readonly string[]): boolean {
  if (exclude.some((pattern) => matchesPattern(url, pattern))) return false;
  return include.length === 0 || include.some((pattern) => matchesPattern(url, pattern));
}
