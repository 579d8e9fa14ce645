import { describe, expect, it } from "vitest";
import { authConfigFormFieldErrors, authConfigInputFromForm, settingsFormValues } from "./form";
import { authConfigRecordSchema, createAuthConfigSchema } from "./schema";

const base = { name: "Staging", domain: "app.example.org", url: "", loginPage: "https://app.example.org/login", username: "ada", status: "active", projectId: "" };

const SETTINGS = {
  form: {
    usernameSelector: "#email",
    passwordSelector: "#password",
    submitSelector: "button[type=submit]",
    successCheck: { kind: "text_present", value: "Welcome back" },
    stepTimeoutMs: 5000,
    logoutPatterns: ["/bye"],
  },
  basic: {},
  api_key: { headerName: "X-API-Key", queryParam: "api_key" },
  cookie: { cookies: [{ name: "sid" }, { name: "tenant", domain: "app.example.org", path: "/t" }] },
  custom: {
    steps: [
      { action: "goto", url: "https://app.example.org/login" },
      { action: "fill", selector: "#user", source: "username" },
      { action: "fill", selector: "#pass", source: "secret", timeoutMs: 2000 },
      { action: "fill", selector: "#tenant", source: "text", text: "acme" },
      { action: "click", selector: "text=Continue" },
      { action: "fill", selector: "input[name=code]", source: "totp" },
      { action: "press", selector: "input[name=code]", key: "Enter" },
      { action: "select", selector: "#region", value: "eu" },
      { action: "wait_for_url", url: "/home" },
      { action: "wait_for_selector", selector: ".dashboard" },
      { action: "wait_for_text", text: "Signed in." },
    ],
    successCheck: { kind: "url_contains", value: "/home" },
  },
} as const;

describe("the auth config form", () => {
  it.each(Object.entries(SETTINGS))("shows a stored %s config and submits the same settings back", (type, settings) => {
    const stored = authConfigRecordSchema.parse({ ...base, type, settings });
    const values = { ...base, type, ...settingsFormValues(type, stored.settings) };
    const input = authConfigInputFromForm(values);
    expect(authConfigRecordSchema.parse(input).settings).toEqual(stored.settings);
  });

  it("names the step or cookie a problem is in, on the editor's field", () => {
    const values = { ...base, type: "custom", "settings.steps": JSON.stringify([{ action: "goto", url: "https://app.example.org/" }, { action: "click", selector: "" }]) };
    const parsed = createAuthConfigSchema.safeParse(authConfigInputFromForm(values));
    expect(parsed.success).toBe(false);
    const fields = authConfigFormFieldErrors(Object.fromEntries(parsed.error!.issues.map((issue) => [issue.path.join("."), [issue.message]])));
    expect(fields).toEqual({ "settings.steps": ["Step 2: Enter the element selector."] });
    const cookie = createAuthConfigSchema.safeParse(authConfigInputFromForm({ ...base, type: "cookie", "settings.cookies": JSON.stringify([{ name: "bad name" }]) }));
    const cookieFields = authConfigFormFieldErrors(Object.fromEntries(cookie.error!.issues.map((issue) => [issue.path.join("."), [issue.message]])));
    expect(cookieFields?.["settings.cookies"]).toEqual(["Cookie 1: A cookie name has letters, digits and - _ . only."]);
  });
});
