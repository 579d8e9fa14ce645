/**
 * The auth config types and what the form and the scanner need to know about them, without the
 * zod schemas (client components import this; the schemas pull in server-only modules).
 */
import type { CustomStep } from "./schema";

export const AUTH_CONFIG_TYPES = ["basic", "form", "api_key", "cookie", "custom", "saml", "oauth"] as const;
export type AuthConfigTypeName = (typeof AUTH_CONFIG_TYPES)[number];

export const AUTH_CONFIG_TYPE_LABELS: Record<AuthConfigTypeName, string> = {
  basic: "HTTP basic authentication",
  form: "Login form",
  saml: "SAML single sign-on (steps)",
  oauth: "OAuth / OpenID Connect (steps)",
  api_key: "API key header",
  cookie: "Session cookie",
  custom: "Custom steps",
};

/** Types that sign in by running steps in a browser (saml and oauth are presets of custom steps). */
export const STEP_TYPES: readonly AuthConfigTypeName[] = ["custom", "saml", "oauth"];

/** Starting steps for the single sign-on presets: an identity provider on another domain, then back. */
export function presetSteps(type: "saml" | "oauth", loginPage: string | null): CustomStep[] {
  const start = loginPage ?? "https://app.example.org/login";
  return [
    { action: "goto", url: start },
    { action: "click", selector: type === "saml" ? "text=Sign in with SSO" : "text=Sign in with" },
    { action: "fill", selector: "input[name=username]", source: "username" },
    { action: "fill", selector: "input[type=password]", source: "secret" },
    { action: "click", selector: "button[type=submit]" },
    { action: "wait_for_url", url: new URL(start).host },
  ];
}
