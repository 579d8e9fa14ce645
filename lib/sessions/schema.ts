/**
 * Test-session contracts, shared by the API, the forms and the tests. The API speaks WCAG
 * versions as "2.1"/"2.2"; the database enum spells them v2_1/v2_2.
 */
import { z } from "zod";
import { strictNumber } from "@/lib/input";
import { expectedUpdatedAtSchema } from "@/lib/concurrency/stale-edit";
import type { WcagVersion } from "@/lib/generated/prisma/enums";
import { optionalText } from "@/lib/projects/schema";
import { scanOptionsSchema, scanScopeSchema, type ScanScope } from "@/lib/scans/schema";

export const SESSION_STATUSES = ["draft", "queued", "running", "completed", "failed", "cancelled"] as const;
export const TESTING_APPROACHES = ["automated", "manual", "hybrid"] as const;
export const WCAG_VERSIONS = ["2.1", "2.2"] as const;
export const WCAG_LEVELS = ["A", "AA", "AAA"] as const;
/** inherit: sign in with the session's auth config, or else the project's default; none: never sign in. */
export const SESSION_AUTH_MODES = ["inherit", "none"] as const;
export const MAX_SCOPE_URLS = 1000;

export type ApiWcagVersion = (typeof WCAG_VERSIONS)[number];

export function toDbWcagVersion(version: ApiWcagVersion): WcagVersion {
  return version === "2.1" ? "v2_1" : "v2_2";
}

export function toApiWcagVersion(version: WcagVersion): ApiWcagVersion {
  return version === "v2_1" ? "2.1" : "2.2";
}

/**
 * What a session scans and how: the scan engine's contracts (lib/scans/schema.ts), so a stored
 * scope always parses the same way for the form, the API and the workers. Whether the URLs are
 * on the project's site is checked against the project (see isOnSite).
 */
export const sessionScopeSchema = scanScopeSchema.refine((scope) => scope.urls.length <= MAX_SCOPE_URLS, {
  message: `List at most ${MAX_SCOPE_URLS} URLs; to cover more pages, crawl from a start URL.`,
  path: ["urls"],
});
export type SessionScope = ScanScope;

/** Every URL a scope names: the listed ones and the crawl's start URL. */
export function scopeUrls(scope: SessionScope): string[] {
  return [...scope.urls, ...(scope.startUrl ? [scope.startUrl] : [])];
}

/** Same host as the project's primary URL, or one of its subdomains; "www." is ignored. */
export function isOnSite(url: string, primaryUrl: string): boolean {
  const bare = (host: string) => host.toLowerCase().replace(/^www\./, "");
  try {
    const host = bare(new URL(url).hostname);
    const site = bare(new URL(primaryUrl).hostname);
    return host === site || host.endsWith(`.${site}`);
  } catch {
    return false;
  }
}

const sessionFields = {
  name: z.string({ error: "Enter a session name." }).trim().min(1, "Enter a session name.").max(200, "Use at most 200 characters."),
  description: optionalText(5000, "Use at most 5000 characters for the description."),
  approach: z.enum(TESTING_APPROACHES, { error: "Choose automated, manual or hybrid." }),
  wcagVersion: z.enum(WCAG_VERSIONS, { error: "Choose WCAG 2.1 or 2.2." }),
  wcagLevel: z.enum(WCAG_LEVELS, { error: "Choose level A, AA or AAA." }),
  scope: sessionScopeSchema,
  scanOptions: scanOptionsSchema,
  authConfigId: z.union([z.uuid("Choose an auth config from the list."), z.null(), z.literal("")]).transform((value) => value || null),
  authMode: z.enum(SESSION_AUTH_MODES, { error: `authMode is ${SESSION_AUTH_MODES.join(" or ")}.` }),
};

export const createSessionSchema = z.object({
  name: sessionFields.name,
  description: sessionFields.description.optional(),
  approach: sessionFields.approach.default("automated"),
  wcagVersion: sessionFields.wcagVersion.default("2.2"),
  wcagLevel: sessionFields.wcagLevel.default("AA"),
  scope: sessionFields.scope,
  scanOptions: sessionFields.scanOptions.prefault({}),
  authConfigId: sessionFields.authConfigId.optional(),
  authMode: sessionFields.authMode.default("inherit"),
});
export type CreateSessionInput = z.input<typeof createSessionSchema>;

export const updateSessionSchema = z.object({
  name: sessionFields.name.optional(),
  description: sessionFields.description.optional(),
  approach: sessionFields.approach.optional(),
  wcagVersion: sessionFields.wcagVersion.optional(),
  wcagLevel: sessionFields.wcagLevel.optional(),
  scope: sessionFields.scope.optional(),
  scanOptions: sessionFields.scanOptions.optional(),
  authConfigId: sessionFields.authConfigId.optional(),
  authMode: sessionFields.authMode.optional(),
  /** Manual sessions move through the lifecycle by hand; scans move automated ones. */
  status: z.enum(SESSION_STATUSES, { error: `status is one of ${SESSION_STATUSES.join(", ")}.` }).optional(),
  expectedUpdatedAt: expectedUpdatedAtSchema,
});
export type UpdateSessionInput = z.input<typeof updateSessionSchema>;

export const duplicateSessionSchema = z.object({
  name: sessionFields.name.optional(),
});

export const listSessionsQuerySchema = z.object({
  page: strictNumber(z.number().int().min(1).max(100_000)).default(1),
  pageSize: strictNumber(z.number().int().min(1).max(100, "pageSize is at most 100.")).default(25),
});

/** Scope URLs as typed into a textarea, one per line. */
export function parseScopeLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}
