/** Which pages a scan plans: the seeds of a scope, and the links a crawl may follow. */
import { isOnSite } from "@/lib/sessions/schema";
import type { ScanJob } from "./job";
import type { ScanScope } from "./schema";
import { normalizeUrl, originOf, passesFilters } from "./url";

/** Normalised, de-duplicated seed pages of a scope: the listed URLs and the start URL, at depth 0. */
export function seedUrls(scope: ScanScope): string[] {
  const seeds = [...scope.urls, ...(scope.startUrl ? [scope.startUrl] : [])].map((url) => normalizeUrl(url));
  return [...new Set(seeds.filter((url) => url !== undefined))];
}

/**
 * Links a crawl may follow from a page at `depth`: same origin as the start URL (which must be
 * on the project's site), within the depth limit and the include/exclude patterns.
 */
export function selectCrawlLinks(job: ScanJob, links: readonly string[], depth: number): string[] {
  const { startUrl, maxDepth, include, exclude } = job.scope;
  if (!startUrl || depth + 1 > maxDepth) return [];
  const origin = originOf(startUrl);
  if (!isOnSite(startUrl, job.primaryUrl)) return [];
  return links.filter((link) => originOf(link) === origin && passesFilters(link, include, exclude));
}
