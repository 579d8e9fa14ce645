/**
 * Auth-config contracts: credentials for testing sites behind a login. Settings vary by type;
 * they never hold the secret, which is write-only and travels only in `secret`.
 */
import { z } from "zod";
import { strictNumber } from "@/lib/input";
import { expectedUpdatedAtSchema } from "@/lib/concurrency/stale-edit";
import { httpUrlSchema, optionalText } from "@/lib/projects/schema";
import { AUTH_CONFIG_TYPES, type AuthConfigTypeName } from "./types";

export const AUTH_CONFIG_STATUSES = ["active", "inactive", "testing", "failed"] as const;

/** Types that cannot sign in without a secret. */
export const TYPES_NEEDING_SECRET: readonly AuthConfigTypeName[] = ["basic", "form", "api_key", "cookie"];
export const TYPES_NEEDING_USERNAME: readonly AuthConfigTypeName[] = ["basic", "form"];

const selector = (what: string) =>
  z.string({ error: `Enter the ${what} selector.` }).trim().min(1, `Enter the ${what} selector.`).max(500, "Use at most 500 characters.");

export const SUCCESS_CHECK_KINDS = ["url_contains", "selector_visible", "text_present"] as const;

const successCheckSchema = z.object({
  kind: z.enum(SUCCESS_CHECK_KINDS, { error: "Choose how to recognise a successful sign-in: url_contains, selector_visible or text_present." }),
  value: z
    .string({ error: "Enter what shows that sign-in worked." })
    .trim()
    .min(1, "Enter what shows that sign-in worked.")
    .max(500, "Use at most 500 characters."),
});
export type SuccessCheck = z.infer<typeof successCheckSchema>;

/**
 * Settings every type may have: links a signed-in crawl never follows (on top of the default
 * logout pattern), as parts of a URL.
 */
const sharedSettings = {
  logoutPatterns: z
    .array(z.string().trim().min(1, "A logout pattern cannot be empty.").max(200, "Use at most 200 characters per pattern."))
    .max(20, "Use at most 20 logout patterns.")
    .optional(),  /** How long each sign-in step may take (custom steps may set their own). */
  stepTimeoutMs: z.number({ error: "The step timeout is a number of milliseconds." }).int().min(100, "The step timeout is at least 100 ms.").max(120_000, "The step timeout is at most 120000 ms.").optional(),
};

const formSettingsSchema = z.object({
  usernameSelector: selector("username field"),
  passwordSelector: selector("password field"),
  submitSelector: selector("submit button"),
  successCheck: successCheckSchema,
  ...sharedSettings,
});

const apiKeySettingsSchema = z.object({
  ...sharedSettings,
  /** Also (or instead, when headerName is absent) sent as this query parameter. */
  queryParam: z
    .string()
    .trim()
    .max(100, "Use at most 100 characters.")
    .regex(/^[A-Za-z0-9_.~-]*$/, "A query parameter name has letters, digits, dots, dashes and underscores only.")
    .optional(),
  headerName: z
    .string({ error: "Enter the name of the header that carries the key." })
    .trim()
    .min(1, "Enter the name of the header that carries the key.")
    .max(100, "Use at most 100 characters.")
    .refine((value) => value === "" || /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(value), "A header name has letters, digits and dashes only, like X-API-Key."),
});

const stepTimeout = { timeoutMs: z.number({ error: "A step's timeout is a number of milliseconds." }).int().min(100, "A step's timeout is at least 100 ms.").max(120_000, "A step's timeout is at most 120000 ms.").optional() };

export const STEP_ACTIONS = ["goto", "fill", "click", "select", "press", "wait_for_url", "wait_for_selector", "wait_for_text"] as const;

export const customStepSchema = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("goto"), url: httpUrlSchema("A goto step needs an absolute http(s) URL."), ...stepTimeout }),
    z.object({
      action: z.literal("fill"),
      selector: selector("field"),
      /** What to type: the username, the secret, a TOTP code from the stored TOTP secret, or fixed (non-secret) text. */
      source: z.enum(["username", "secret", "totp", "text"], { error: "A fill step types the username, secret, totp or text." }),
      text: z.string().max(500).optional(),
      ...stepTimeout,
    }),
    z.object({ action: z.literal("click"), selector: selector("element"), ...stepTimeout }),
    z.object({ action: z.literal("select"), selector: selector("list"), value: z.string().max(500), ...stepTimeout }),
    z.object({ action: z.literal("press"), selector: selector("element").optional(), key: z.string().trim().min(1, "A press step needs a key, like Enter.").max(50), ...stepTimeout }),
    z.object({ action: z.literal("wait_for_selector"), selector: selector("element"), ...stepTimeout }),
    z.object({ action: z.literal("wait_for_url"), url: z.string().trim().min(1, "A wait-for-url step needs a URL or part of one.").max(2048), ...stepTimeout }),
    z.object({ action: z.literal("wait_for_text"), text: z.string().trim().min(1, "A wait-for-text step needs the text to wait for.").max(500), ...stepTimeout }),
  ],
  { error: `Each step is one of ${STEP_ACTIONS.join(", ")}.` },
);
export type CustomStep = z.infer<typeof customStepSchema>;

const customSettingsSchema = z.object({
  ...sharedSettings,
  steps: z.array(customStepSchema).min(1, "Add at least one step.").max(50, "Use at most 50 steps."),
  /** Checked after the last step; the steps' own waits are often enough. */
  successCheck: successCheckSchema.optional(),
});

const cookieSettingsSchema = z.object({
  ...sharedSettings,
  /** With one cookie the secret is its value; with several, the secret is "name=value; name2=value2". */
  cookies: z
    .array(
      z.object({
        name: z.string({ error: "Enter the cookie's name." }).trim().min(1, "Enter the cookie's name.").max(200, "Use at most 200 characters.").regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "A cookie name has letters, digits and - _ . only."),
        /** Defaults to the config's domain. */
        domain: z.string().trim().toLowerCase().max(253).optional(),
        path: z.string().trim().max(500).regex(/^(\/.*)?$/, "A cookie path starts with /.").optional(),
      }),
      { error: "List the cookies to set." },
    )
    .min(1, "Add at least one cookie.")
    .max(20, "Use at most 20 cookies."),
});

const emptySettings = z.strictObject(sharedSettings).default({});

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

const absentAsNull = <T extends z.ZodType<string | null>>(schema: T) => schema.optional().transform((value) => value ?? null);

const commonFields = {
  name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(200, "Use at most 200 characters."),
  domain: z
    .string({ error: "Enter the domain these credentials are for, like app.example.org." })
    .trim()
    .toLowerCase()
    .min(1, "Enter the domain these credentials are for, like app.example.org.")
    .refine((value) => value === "" || HOSTNAME.test(value), "Enter a domain name only, like app.example.org (no https:// or path)."),
  url: absentAsNull(optionalText(2048, "Use at most 2048 characters.")).refine(
    (value) => value === null || /^https?:\/\/[^/]/i.test(value) && URL.canParse(value),
    "Enter an absolute URL starting with http:// or https://.",
  ),
  loginPage: absentAsNull(optionalText(2048, "Use at most 2048 characters.")).refine(
    (value) => value === null || /^https?:\/\/[^/]/i.test(value) && URL.canParse(value),
    "Enter the login page as an absolute URL starting with http:// or https://.",
  ),
  username: absentAsNull(optionalText(500, "Use at most 500 characters.")),
  status: z.enum(AUTH_CONFIG_STATUSES, { error: "Choose a status." }).default("active"),
  projectId: z
    .union([z.uuid("Choose a project from the list."), z.null(), z.literal("")])
    .transform((value) => value || null)
    .default(null),
};

function variant<T extends AuthConfigTypeName, S extends z.ZodType>(type: T, settings: S) {
  return z.object({ type: z.literal(type), settings, ...commonFields });
}

/** A complete auth config without its secret: what is stored in the row. */
export const authConfigRecordSchema = z
  .discriminatedUnion(
    "type",
    [
      variant("basic", emptySettings),
      variant("form", formSettingsSchema),
      // Single sign-on through an identity provider is a sequence of steps; these two are the
      // same settings as custom, offered with preset steps in the form.
      variant("saml", customSettingsSchema),
      variant("oauth", customSettingsSchema),
      variant("api_key", apiKeySettingsSchema),
      variant("cookie", cookieSettingsSchema),
      variant("custom", customSettingsSchema),
    ],
    { error: `Choose a type: ${AUTH_CONFIG_TYPES.join(", ")}.` },
  )
  // Cross-field checks run even when other fields are invalid, so a form shows every problem
  // at once; they therefore read possibly-unparsed values defensively.
  .refine(
    (config) => {
      const { url, domain } = config as { url?: unknown; domain?: unknown };
      return typeof url !== "string" || url === "" || typeof domain !== "string" || !HOSTNAME.test(domain.trim().toLowerCase()) || isOnDomain(url, domain.trim().toLowerCase());
    },
    { path: ["url"], message: "The URL must be on the domain above (or one of its subdomains).", when: () => true },
  )
  .refine(
    (config) => {
      const { type, username } = config as { type?: unknown; username?: unknown };
      return !TYPES_NEEDING_USERNAME.includes(type as AuthConfigTypeName) || (typeof username === "string" && username.trim() !== "");
    },
    { path: ["username"], message: "Enter the username to sign in with.", when: () => true },
  );
export type AuthConfigRecord = z.output<typeof authConfigRecordSchema>;

/** Host equal to the domain or one of its subdomains. */
export function isOnDomain(url: string, domain: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === domain || host.endsWith(`.${domain}`);
  } catch {
    return false;
  }
}

/** The secret: a string sets it, null clears it, absent leaves it as it is. */
export const secretInputSchema = z
  .string({ error: "The secret must be text." })
  .min(1, "Enter the secret, or leave the field empty to keep the current one.")
  .max(10_000, "Use at most 10000 characters.");

/** A base32 TOTP seed (RFC 4648 alphabet, spaces allowed), as authenticator apps show it. */
export const totpSecretInputSchema = z
  .string({ error: "The TOTP secret must be text." })
  .transform((value) => value.replace(/\s+/g, "").replace(/=+$/, "").toUpperCase())
  .pipe(
    z
      .string()
      .min(16, "A TOTP secret is at least 16 base32 characters (A–Z and 2–7).")
      .max(256, "Use at most 256 characters.")
      .regex(/^[A-Z2-7]+$/, "A TOTP secret is base32: letters A–Z and digits 2–7 only."),
  );

export const createAuthConfigSchema = z
  .intersection(authConfigRecordSchema, z.object({ secret: secretInputSchema.optional(), totpSecret: totpSecretInputSchema.optional() }))
  // Also reported while other fields are invalid, so a form lists every problem at once.
  .refine(
    (config) => {
      const { type, secret } = config as { type?: unknown; secret?: unknown };
      return !TYPES_NEEDING_SECRET.includes(type as AuthConfigTypeName) || (typeof secret === "string" && secret !== "");
    },
    { path: ["secret"], message: "Enter the secret (password or key) these credentials sign in with.", when: () => true },
  );
export type CreateAuthConfigInput = z.input<typeof createAuthConfigSchema>;

/** PATCH: any subset of the fields; the merged record is validated again as a whole. */
export const updateAuthConfigSchema = z.object({
  type: z.enum(AUTH_CONFIG_TYPES, { error: `type is one of ${AUTH_CONFIG_TYPES.join(", ")}.` }).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  name: z.unknown().optional(),
  domain: z.unknown().optional(),
  url: z.unknown().optional(),
  loginPage: z.unknown().optional(),
  username: z.unknown().optional(),
  status: z.unknown().optional(),
  projectId: z.unknown().optional(),
  secret: z.union([secretInputSchema, z.null()]).optional(),
  totpSecret: z.union([totpSecretInputSchema, z.null()]).optional(),
  expectedUpdatedAt: expectedUpdatedAtSchema,
});
export type UpdateAuthConfigInput = z.input<typeof updateAuthConfigSchema>;

export const listAuthConfigsQuerySchema = z.object({
  projectId: z.uuid("projectId must be a UUID.").optional(),
  type: z.enum(AUTH_CONFIG_TYPES).optional(),
  page: strictNumber(z.number().int().min(1).max(100_000)).default(1),
  pageSize: strictNumber(z.number().int().min(1).max(100, "pageSize is at most 100.")).default(25),
});

/**
 * Custom steps as typed into a textarea, one per line (an optional "(5000ms)" at the end of a
 * line sets that step's timeout):
 *   goto https://app.example.org/login
 *   fill #email => {username}      (or {secret}, {totp}, or fixed text)
 *   click button[type=submit]
 *   select #tenant => acme
 *   press Enter                    (or: press #code => Enter)
 *   wait-for-selector .dashboard
 *   wait-for-url /home
 *   wait-for-text Welcome back
 */
export function parseStepLines(text: string): unknown[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const timeout = /\s*\((\d+)\s*ms\)$/.exec(line);
      const body = timeout ? line.slice(0, timeout.index) : line;
      const extra = timeout ? { timeoutMs: Number(timeout[1]) } : {};
      const [word = ""] = body.split(/\s+/);
      const argument = body.slice(word.length).trim();
      const action = word.toLowerCase().replace(/-/g, "_");
      const [left = "", right] = argument.split(/\s*=>\s*/, 2);
      if (action === "goto" || action === "wait_for_url") return { action, url: argument, ...extra };
      if (action === "click" || action === "wait_for_selector") return { action, selector: argument, ...extra };
      if (action === "wait_for_text") return { action, text: argument, ...extra };
      if (action === "select") return { action, selector: left, value: right ?? "", ...extra };
      if (action === "press") return right === undefined ? { action, key: left, ...extra } : { action, selector: left, key: right, ...extra };
      if (action === "fill") {
        const value = right ?? "";
        if (value === "{username}" || value === "{secret}" || value === "{totp}") return { action, selector: left, source: value.slice(1, -1), ...extra };
        return { action, selector: left, source: "text", text: value, ...extra };
      }
      return { action: word };
    });
}

export function formatStepLines(steps: CustomStep[]): string {
  return steps
    .map((step) => {
      const line = (() => {
        switch (step.action) {
          case "goto":
            return `goto ${step.url}`;
          case "wait_for_url":
            return `wait-for-url ${step.url}`;
          case "click":
            return `click ${step.selector}`;
          case "wait_for_selector":
            return `wait-for-selector ${step.selector}`;
          case "wait_for_text":
            return `wait-for-text ${step.text}`;
          case "select":
            return `select ${step.selector} => ${step.value}`;
          case "press":
            return step.selector ? `press ${step.selector} => ${step.key}` : `press ${step.key}`;
          case "fill":
            return `fill ${step.selector} => ${step.source === "text" ? (step.text ?? "") : `{${step.source}}`}`;
        }
      })();
      return step.timeoutMs ? `${line} (${step.timeoutMs}ms)` : line;
    })
    .join("\n");
}
