/**
 * Auth-config contracts: credentials for testing sites behind a login. Settings vary by type;
 * they never hold the secret, which is write-only and travels only in `secret`.
 */
import { z } from "zod";
import { expectedUpdatedAtSchema } from "@/lib/concurrency/stale-edit";
import { httpUrlSchema, optionalText } from "@/lib/projects/schema";

export const AUTH_CONFIG_TYPES = ["basic", "form", "saml", "oauth", "api_key", "custom"] as const;
export const AUTH_CONFIG_STATUSES = ["active", "inactive", "testing", "failed"] as const;
export type AuthConfigTypeName = (typeof AUTH_CONFIG_TYPES)[number];

export const AUTH_CONFIG_TYPE_LABELS: Record<AuthConfigTypeName, string> = {
  basic: "HTTP basic authentication",
  form: "Login form",
  saml: "SAML single sign-on",
  oauth: "OAuth",
  api_key: "API key header",
  custom: "Custom steps",
};

/** Types that cannot sign in without a secret. */
export const TYPES_NEEDING_SECRET: readonly AuthConfigTypeName[] = ["basic", "form", "api_key"];
export const TYPES_NEEDING_USERNAME: readonly AuthConfigTypeName[] = ["basic", "form"];

const selector = (what: string) =>
  z.string({ error: `Enter the ${what} selector.` }).trim().min(1, `Enter the ${what} selector.`).max(500, "Use at most 500 characters.");

const formSettingsSchema = z.object({
  usernameSelector: selector("username field"),
  passwordSelector: selector("password field"),
  submitSelector: selector("submit button"),
  successCheck: z.object({
    kind: z.enum(["url_contains", "selector_visible"], { error: "Choose how to recognise a successful sign-in." }),
    value: z
      .string({ error: "Enter what shows that sign-in worked." })
      .trim()
      .min(1, "Enter what shows that sign-in worked.")
      .max(500, "Use at most 500 characters."),
  }),
});

const apiKeySettingsSchema = z.object({
  headerName: z
    .string({ error: "Enter the name of the header that carries the key." })
    .trim()
    .min(1, "Enter the name of the header that carries the key.")
    .max(100, "Use at most 100 characters.")
    .refine((value) => value === "" || /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(value), "A header name has letters, digits and dashes only, like X-API-Key."),
});

export const customStepSchema = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("goto"), url: httpUrlSchema("A goto step needs an absolute http(s) URL.") }),
    z.object({
      action: z.literal("fill"),
      selector: selector("field"),
      /** What to type: the username, the secret, or fixed (non-secret) text. */
      source: z.enum(["username", "secret", "text"]),
      text: z.string().max(500).optional(),
    }),
    z.object({ action: z.literal("click"), selector: selector("element") }),
    z.object({ action: z.literal("wait_for_selector"), selector: selector("element") }),
    z.object({ action: z.literal("wait_for_url"), url: z.string().trim().min(1, "A wait-for-url step needs a URL or part of one.").max(2048) }),
  ],
  { error: "Each step is goto, fill, click, wait_for_selector or wait_for_url." },
);
export type CustomStep = z.infer<typeof customStepSchema>;

const customSettingsSchema = z.object({
  steps: z.array(customStepSchema).min(1, "Add at least one step.").max(50, "Use at most 50 steps."),
});

const emptySettings = z.strictObject({}).default({});

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
      variant("saml", emptySettings),
      variant("oauth", emptySettings),
      variant("api_key", apiKeySettingsSchema),
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

export const createAuthConfigSchema = z
  .intersection(authConfigRecordSchema, z.object({ secret: secretInputSchema.optional() }))
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
  expectedUpdatedAt: expectedUpdatedAtSchema,
});
export type UpdateAuthConfigInput = z.input<typeof updateAuthConfigSchema>;

export const listAuthConfigsQuerySchema = z.object({
  projectId: z.uuid("projectId must be a UUID.").optional(),
  type: z.enum(AUTH_CONFIG_TYPES).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, "pageSize is at most 100.").default(25),
});

/**
 * Custom steps as typed into a textarea, one per line:
 *   goto https://app.example.org/login
 *   fill #email => {username}      (or {secret}, or fixed text)
 *   click button[type=submit]
 *   wait-for-selector .dashboard
 *   wait-for-url /home
 */
export function parseStepLines(text: string): unknown[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const [word = ""] = line.split(/\s+/);
      const argument = line.slice(word.length).trim();
      const action = word.toLowerCase().replace(/-/g, "_");
      if (action === "goto" || action === "wait_for_url") return { action, url: argument };
      if (action === "click" || action === "wait_for_selector") return { action, selector: argument };
      if (action === "fill") {
        const [fieldSelector = "", value = ""] = argument.split(/\s*=>\s*/, 2);
        if (value === "{username}" || value === "{secret}") return { action, selector: fieldSelector, source: value.slice(1, -1) };
        return { action, selector: fieldSelector, source: "text", text: value };
      }
      return { action: word };
    });
}

export function formatStepLines(steps: CustomStep[]): string {
  return steps
    .map((step) => {
      switch (step.action) {
        case "goto":
          return `goto ${step.url}`;
        case "wait_for_url":
          return `wait-for-url ${step.url}`;
        case "click":
          return `click ${step.selector}`;
        case "wait_for_selector":
          return `wait-for-selector ${step.selector}`;
        case "fill":
          return `fill ${step.selector} => ${step.source === "text" ? (step.text ?? "") : `{${step.source}}`}`;
      }
    })
    .join("\n");
}
