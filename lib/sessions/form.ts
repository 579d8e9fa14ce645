/**
 * The session form's fields, both ways: a stored session as the strings the form shows, and the
 * submitted strings as the API's input, so the form is validated by the same schema (and says
 * the same messages) as POST /api/v1/projects/:id/sessions. Errors come back by the schema's
 * paths (scope.include.2) and are mapped onto the form's fields.
 */
import { CHECK_CATALOG, CHECK_IDS } from "@/lib/scans/checks/catalog";
import { ENGINE_CATALOG, SWITCHABLE_ENGINES } from "@/lib/scans/engines/catalog";
import { scanOptionsSchema, type ScanOptionsInput } from "@/lib/scans/schema";
import { parseScopeLines, type CreateSessionInput, type SessionScope } from "./schema";
import { NO_SIGN_IN } from "./sign-in-choice";

export type SessionFormValues = {
  name: string;
  description: string;
  approach: string;
  wcagVersion: string;
  wcagLevel: string;
  scopeUrls: string;
  startUrl: string;
  maxPages: string;
  maxDepth: string;
  include: string;
  exclude: string;
  useSitemap: string;
  respectRobotsTxt: string;
  viewportWidth: string;
  viewportHeight: string;
  pageTimeoutMs: string;
  settleTimeoutMs: string;
  includeBestPractices: string;
  maxElementScreenshots: string;
  /** An auth config's id, "" for the project's default, or "none" to scan signed out. */
  authConfigId: string;
  expectedUpdatedAt?: string;
  /** "on"/"off" for each engine a session can switch (engines/catalog.ts) and each own check. */
  [engineOrCheck: `engine-${string}` | `check-${string}`]: string;
};

export { NO_SIGN_IN };

type StoredSession = {
  name: string;
  description: string | null;
  approach: string;
  wcagVersion: string;
  wcagLevel: string;
  scope: SessionScope;
  scanOptions: unknown;
  authConfigId: string | null;
  authMode: "inherit" | "none";
};

/** The form for a new session: the schema's defaults, the project's address to scan. */
export function newSessionFormValues(primaryUrl: string): SessionFormValues {
  return sessionFormValues({
    name: "",
    description: null,
    approach: "automated",
    wcagVersion: "2.2",
    wcagLevel: "AA",
    scope: { urls: [primaryUrl], maxPages: 50, maxDepth: 3, include: [], exclude: [], useSitemap: true, respectRobotsTxt: true },
    scanOptions: {},
    authConfigId: null,
    authMode: "inherit",
  });
}

export function sessionFormValues(session: StoredSession): SessionFormValues {
  const options = scanOptionsSchema.safeParse(session.scanOptions ?? {});
  const scan = options.success ? options.data : scanOptionsSchema.parse({});
  const { scope } = session;
  return {
    name: session.name,
    description: session.description ?? "",
    approach: session.approach,
    wcagVersion: session.wcagVersion,
    wcagLevel: session.wcagLevel,
    scopeUrls: scope.urls.join("\n"),
    startUrl: scope.startUrl ?? "",
    maxPages: String(scope.maxPages),
    maxDepth: String(scope.maxDepth),
    include: scope.include.join("\n"),
    exclude: scope.exclude.join("\n"),
    useSitemap: scope.useSitemap ? "on" : "off",
    respectRobotsTxt: scope.respectRobotsTxt ? "on" : "off",
    viewportWidth: String(scan.viewport.width),
    viewportHeight: String(scan.viewport.height),
    pageTimeoutMs: String(scan.pageTimeoutMs),
    settleTimeoutMs: String(scan.settleTimeoutMs),
    includeBestPractices: scan.includeBestPractices ? "on" : "off",
    maxElementScreenshots: String(scan.maxElementScreenshots),
    authConfigId: session.authMode === "none" ? NO_SIGN_IN : (session.authConfigId ?? ""),
    ...Object.fromEntries(SWITCHABLE_ENGINES.map((engine) => [`engine-${engine.id}`, scan.engines.includes(engine.id) ? "on" : "off"])),
    ...Object.fromEntries(CHECK_CATALOG.map((check) => [`check-${check.id}`, scan.checks.includes(check.id) ? "on" : "off"])),
  };
}

/** The switched-on ids of a catalog from the form's checkboxes; undefined (the defaults) when the form had none of them. */
function switchedOn(values: Record<string, string>, prefix: string, ids: readonly string[], always: readonly string[] = []): string[] | undefined {
  if (!ids.some((id) => `${prefix}${id}` in values)) return undefined;
  return [...always, ...ids.filter((id) => values[`${prefix}${id}`] === "on")];
}

/** A number field: empty means "the default"; anything else goes to the schema as typed. */
function numberField(value: string | undefined): number | string | undefined {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") return undefined;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function defined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export function sessionInputFromForm(values: Record<string, string>): CreateSessionInput {
  const startUrl = values.startUrl?.trim();
  const scope = defined({
    urls: parseScopeLines(values.scopeUrls ?? ""),
    startUrl: startUrl || undefined,
    maxPages: numberField(values.maxPages),
    maxDepth: numberField(values.maxDepth),
    include: parseScopeLines(values.include ?? ""),
    exclude: parseScopeLines(values.exclude ?? ""),
    useSitemap: values.useSitemap !== "off",
    respectRobotsTxt: values.respectRobotsTxt !== "off",
  });
  const width = numberField(values.viewportWidth);
  const height = numberField(values.viewportHeight);
  const scanOptions = defined({
    viewport: width !== undefined || height !== undefined ? defined({ width, height }) : undefined,
    includeBestPractices: values.includeBestPractices === "on",
    pageTimeoutMs: numberField(values.pageTimeoutMs),
    settleTimeoutMs: numberField(values.settleTimeoutMs),
    maxElementScreenshots: numberField(values.maxElementScreenshots),
    engines: switchedOn(
      values,
      "engine-",
      SWITCHABLE_ENGINES.map((engine) => engine.id),
      ENGINE_CATALOG.filter((engine) => engine.required).map((engine) => engine.id),
    ),
    checks: switchedOn(values, "check-", CHECK_IDS),
  });
  return {
    name: values.name ?? "",
    description: values.description ?? "",
    approach: values.approach,
    wcagVersion: values.wcagVersion,
    wcagLevel: values.wcagLevel,
    scope,
    scanOptions: scanOptions as ScanOptionsInput,
    ...(values.authConfigId === NO_SIGN_IN ? { authConfigId: "", authMode: "none" } : { authConfigId: values.authConfigId ?? "", authMode: "inherit" }),
  } as CreateSessionInput;
}

/** Schema paths → form fields; a line of a multi-line field is named in its message. */
const FIELD_OF_PATH: Array<[RegExp, string]> = [
  [/^scope\.urls(\.\d+)?$/, "scopeUrls"],
  [/^scope\.startUrl$/, "startUrl"],
  [/^scope\.maxPages$/, "maxPages"],
  [/^scope\.maxDepth$/, "maxDepth"],
  [/^scope\.include(\.\d+)?$/, "include"],
  [/^scope\.exclude(\.\d+)?$/, "exclude"],
  [/^scope\.useSitemap$/, "useSitemap"],
  [/^scope\.respectRobotsTxt$/, "respectRobotsTxt"],
  [/^scope$/, "scopeUrls"],
  [/^authMode$/, "authConfigId"],
  [/^scanOptions\.viewport\.width$/, "viewportWidth"],
  [/^scanOptions\.viewport\.height$/, "viewportHeight"],
  [/^scanOptions\.(pageTimeoutMs|settleTimeoutMs|includeBestPractices|maxElementScreenshots)$/, "$1"],
  [/^scanOptions\.(engines|checks)(\.\d+)?$/, "$1"],
];

export function sessionFormFieldErrors(fields: Record<string, string[]> | undefined): Record<string, string[]> | undefined {
  if (!fields) return undefined;
  const mapped: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(fields)) {
    const rule = FIELD_OF_PATH.find(([pattern]) => pattern.test(key));
    const target = rule ? key.replace(rule[0], rule[1]) : key.startsWith("scope") || key.startsWith("scanOptions") ? "scopeUrls" : key;
    const line = key.match(/\.(\d+)$/);
    const prefixed = line ? messages.map((message) => `Line ${Number(line[1]) + 1}: ${message}`) : messages;
    (mapped[target] ??= []).push(...prefixed);
  }
  return mapped;
}
