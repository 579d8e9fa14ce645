/**
 * What a scan covers (session.scope) and how it runs (session.scanOptions). Shared by the
 * session form, the API and the workers, so a stored value always parses the same way.
 */
import { z } from "zod";
import { hasUrlCredentials, strictNumber, URL_CREDENTIALS_MESSAGE } from "@/lib/input";
import { CHECK_IDS, DEFAULT_CHECK_IDS } from "./checks/catalog";
import { DEFAULT_ENGINE_IDS, ENGINE_CATALOG, ENGINE_IDS } from "./engines/catalog";

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }, { error: "must be an http:// or https:// URL", abort: true })
  .refine((value) => !hasUrlCredentials(value), URL_CREDENTIALS_MESSAGE);

/**
 * Crawl filters: a pattern starting with "/" matches the path and query, anything else the
 * whole URL; `*` matches any run of characters (including "/"), and a pattern must match all
 * of it, so "/blog/*" matches every page under /blog/.
 */
const urlPattern = z.string().trim().min(1).max(500);

export const MAX_SCOPE_PAGES = 10_000;

/**
 * An explicit list of URLs (scanned as listed, nothing else), a start URL to crawl within its
 * origin, or both. The same shape lib/sessions/schema.ts stores, with the crawl defaults.
 */
export const scanScopeSchema = z
  .object({
    urls: z.array(httpUrl).max(MAX_SCOPE_PAGES).default([]),
    startUrl: httpUrl.optional(),
    maxPages: strictNumber(z.number().int().min(1).max(MAX_SCOPE_PAGES)).default(50),
    maxDepth: strictNumber(z.number().int().min(0).max(50)).default(3),
    include: z.array(urlPattern).max(100).default([]),
    exclude: z.array(urlPattern).max(100).default([]),
    /** Also plan the pages listed in the start URL's /sitemap.xml, if there is one. */
    useSitemap: z.boolean().default(true),
    /** Follow robots.txt (the scanner's group, else `*`) for discovered pages; off for one's own sites. */
    respectRobotsTxt: z.boolean().default(true),
  })
  .refine((scope) => scope.urls.length > 0 || scope.startUrl !== undefined, {
    message: "Give a list of URLs to scan, or a start URL to crawl.",
    path: ["urls"],
  });

export type ScanScope = z.infer<typeof scanScopeSchema>;
export type ScanScopeInput = z.input<typeof scanScopeSchema>;

export const scanOptionsSchema = z
  .object({
    viewport: z
      .object({
        width: strictNumber(z.number().int().min(320).max(3840)).default(1280),
        height: strictNumber(z.number().int().min(240).max(2160)).default(800),
      })
      .prefault({}),
    includeBestPractices: z.boolean().default(false),
    /** Limit for loading one page (navigation until the load event). */
    pageTimeoutMs: strictNumber(z.number().int().min(1_000).max(120_000)).default(30_000),
    /** Limit for waiting, after load, until the network has gone quiet. */
    settleTimeoutMs: strictNumber(z.number().int().min(0).max(30_000)).default(3_000),
    maxElementScreenshots: strictNumber(z.number().int().min(0).max(100)).default(10),
    /** Scan engines (engines/catalog.ts); axe-core always runs. */
    engines: z
      .array(z.string().refine((id) => ENGINE_IDS.includes(id), { message: `must be one of: ${ENGINE_IDS.join(", ")}` }))
      .max(ENGINE_IDS.length * 2)
      .transform((ids) => [...new Set(ids)])
      .refine((ids) => ENGINE_CATALOG.every((engine) => !engine.required || ids.includes(engine.id)), {
        message: `must include ${ENGINE_CATALOG.filter((engine) => engine.required).map((engine) => engine.id).join(", ")} (always runs)`,
      })
      .default([...DEFAULT_ENGINE_IDS])
      .describe(`Scan engines to run on each page, all in the same page load: ${ENGINE_CATALOG.map((engine) => `${engine.id} (${engine.name}${engine.required ? ", always runs" : ""})`).join(", ")}. Default: ${DEFAULT_ENGINE_IDS.join(", ")}.`),
    /** Clearsight's own checks (checks/catalog.ts). */
    checks: z
      .array(z.string().refine((id) => CHECK_IDS.includes(id), { message: `must be one of: ${CHECK_IDS.join(", ") || "(none yet)"}` }))
      .max(CHECK_IDS.length * 2 + 1)
      .transform((ids) => [...new Set(ids)])
      .default([...DEFAULT_CHECK_IDS])
      .describe(`Clearsight's own checks to run on each page: ${CHECK_IDS.join(", ") || "none yet"}. Default: all that are on by default (${DEFAULT_CHECK_IDS.join(", ") || "none"}).`),
  })
  .strict();

export type ScanOptions = z.infer<typeof scanOptionsSchema>;
export type ScanOptionsInput = z.input<typeof scanOptionsSchema>;
