/**
 * The auth config form's fields, both ways: a stored config as the strings the form shows, and
 * the submitted strings as the API's input, so the form is validated by the same schema (with
 * the same messages) as POST /api/v1/auth-configs. The step and cookie editors keep their rows
 * as JSON in one hidden field each; errors come back by the schema's paths
 * (settings.steps.2.selector) and are mapped onto those fields with the row named.
 */
import type { CreateAuthConfigInput, CustomStep } from "./schema";
import { STEP_TYPES, type AuthConfigTypeName } from "./types";

/** One step of the step editor: every field as text, only those of its action are used. */
export type StepRow = { action: string; url: string; selector: string; source: string; text: string; value: string; key: string; timeoutMs: string };
export type CookieRow = { name: string; domain: string; path: string };

export const emptyStep = (action = "click"): StepRow => ({ action, url: "", selector: "", source: "username", text: "", value: "", key: "", timeoutMs: "" });
export const emptyCookie = (): CookieRow => ({ name: "", domain: "", path: "" });

export function stepRowOf(step: CustomStep): StepRow {
  const row = emptyStep(step.action);
  if ("url" in step) row.url = step.url;
  if ("selector" in step && step.selector) row.selector = step.selector;
  if (step.action === "fill") {
    row.source = step.source;
    row.text = step.text ?? "";
  }
  if (step.action === "wait_for_text") row.text = step.text;
  if (step.action === "select") row.value = step.value;
  if (step.action === "press") row.key = step.key;
  row.timeoutMs = step.timeoutMs ? String(step.timeoutMs) : "";
  return row;
}

/** A number field: empty means "not set"; anything else goes to the schema as typed. */
function numberOrText(value: string | undefined): number | string | undefined {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The schema's input for one editor row: only its action's fields. */
export function stepInputOf(row: StepRow): Record<string, unknown> {
  const timeoutMs = numberOrText(row.timeoutMs);
  const extra = timeoutMs === undefined ? {} : { timeoutMs };
  switch (row.action) {
    case "goto":
    case "wait_for_url":
      return { action: row.action, url: row.url, ...extra };
    case "click":
    case "wait_for_selector":
      return { action: row.action, selector: row.selector, ...extra };
    case "fill":
      return { action: row.action, selector: row.selector, source: row.source, ...(row.source === "text" ? { text: row.text } : {}), ...extra };
    case "select":
      return { action: row.action, selector: row.selector, value: row.value, ...extra };
    case "press":
      return { action: row.action, key: row.key, ...(row.selector.trim() ? { selector: row.selector } : {}), ...extra };
    case "wait_for_text":
      return { action: row.action, text: row.text, ...extra };
    default:
      return { action: row.action };
  }
}

function parseRows<T>(json: string | undefined): T[] | string {
  if (!json) return [];
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as T[]) : json;
  } catch {
    return json;
  }
}

export function stepRowsFromField(json: string | undefined): StepRow[] {
  const rows = parseRows<Partial<StepRow>>(json);
  return typeof rows === "string" ? [] : rows.map((row) => ({ ...emptyStep(), ...row }));
}

export function cookieRowsFromField(json: string | undefined): CookieRow[] {
  const rows = parseRows<Partial<CookieRow>>(json);
  return typeof rows === "string" ? [] : rows.map((row) => ({ ...emptyCookie(), ...row }));
}

const lines = (text: string | undefined) =>
  (text ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Settings every type may have. */
function sharedSettings(values: Record<string, string>) {
  const patterns = lines(values["settings.logoutPatterns"]);
  const stepTimeoutMs = numberOrText(values["settings.stepTimeoutMs"]);
  return { ...(patterns.length > 0 ? { logoutPatterns: patterns } : {}), ...(stepTimeoutMs === undefined ? {} : { stepTimeoutMs }) };
}

function successCheck(values: Record<string, string>) {
  return { kind: values["settings.successCheck.kind"] ?? "", value: values["settings.successCheck.value"] ?? "" };
}

export function settingsFromForm(type: string | undefined, values: Record<string, string>): Record<string, unknown> {
  const shared = sharedSettings(values);
  switch (type) {
    case "form":
      return {
        usernameSelector: values["settings.usernameSelector"] ?? "",
        passwordSelector: values["settings.passwordSelector"] ?? "",
        submitSelector: values["settings.submitSelector"] ?? "",
        successCheck: successCheck(values),
        ...shared,
      };
    case "api_key": {
      const queryParam = values["settings.queryParam"]?.trim();
      return { headerName: values["settings.headerName"] ?? "", ...(queryParam ? { queryParam } : {}), ...shared };
    }
    case "cookie": {
      const rows = parseRows<CookieRow>(values["settings.cookies"]);
      const cookies =
        typeof rows === "string"
          ? rows
          : rows.map((row) => ({ name: row.name ?? "", ...(row.domain?.trim() ? { domain: row.domain } : {}), ...(row.path?.trim() ? { path: row.path } : {}) }));
      return { cookies, ...shared };
    }
    case "custom":
    case "saml":
    case "oauth": {
      const rows = parseRows<StepRow>(values["settings.steps"]);
      const check = successCheck(values);
      return {
        steps: typeof rows === "string" ? rows : rows.map((row) => stepInputOf({ ...emptyStep(), ...row })),
        ...(check.kind ? { successCheck: check } : {}),
        ...shared,
      };
    }
    default:
      return shared;
  }
}

export function authConfigInputFromForm(values: Record<string, string>): CreateAuthConfigInput {
  return {
    name: values.name ?? "",
    type: values.type,
    domain: values.domain ?? "",
    url: values.url ?? "",
    loginPage: values.loginPage ?? "",
    username: values.username ?? "",
    status: values.status,
    projectId: values.projectId ?? "",
    settings: settingsFromForm(values.type, values),
  } as CreateAuthConfigInput;
}

/** A stored config's settings as the form's fields. */
export function settingsFormValues(type: string, settings: unknown): Record<string, string> {
  const value = (settings ?? {}) as Record<string, unknown>;
  const check = (value.successCheck ?? {}) as { kind?: string; value?: string };
  const shared = {
    "settings.logoutPatterns": ((value.logoutPatterns ?? []) as string[]).join("\n"),
    "settings.stepTimeoutMs": value.stepTimeoutMs === undefined ? "" : String(value.stepTimeoutMs),
    "settings.successCheck.kind": check.kind ?? (type === "form" ? "selector_visible" : ""),
    "settings.successCheck.value": check.value ?? "",
  };
  if (type === "form") {
    return {
      ...shared,
      "settings.usernameSelector": String(value.usernameSelector ?? ""),
      "settings.passwordSelector": String(value.passwordSelector ?? ""),
      "settings.submitSelector": String(value.submitSelector ?? ""),
    };
  }
  if (type === "api_key") return { ...shared, "settings.headerName": String(value.headerName ?? ""), "settings.queryParam": String(value.queryParam ?? "") };
  if (type === "cookie") {
    const cookies = ((value.cookies ?? []) as Array<Partial<CookieRow>>).map((cookie) => ({ ...emptyCookie(), ...cookie }));
    return { ...shared, "settings.cookies": JSON.stringify(cookies) };
  }
  if ((STEP_TYPES as readonly string[]).includes(type)) return { ...shared, "settings.steps": JSON.stringify(((value.steps ?? []) as CustomStep[]).map(stepRowOf)) };
  return shared;
}

/** Which settings a type's form shows. */
export function settingsShown(type: AuthConfigTypeName | string) {
  const steps = (STEP_TYPES as readonly string[]).includes(type);
  return { form: type === "form", apiKey: type === "api_key", cookies: type === "cookie", steps, signsInWithPage: type === "form" || steps };
}

/** Schema paths → form fields; a step's or cookie's problem names its row. */
export function authConfigFormFieldErrors(fields: Record<string, string[]> | undefined): Record<string, string[]> | undefined {
  if (!fields) return undefined;
  const mapped: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(fields)) {
    const row = key.match(/^settings\.(steps|cookies)\.(\d+)/);
    const target = row ? `settings.${row[1]}` : key === "settings.successCheck" ? "settings.successCheck.value" : /^settings\.logoutPatterns/.test(key) ? "settings.logoutPatterns" : key;
    const prefix = row ? `${row[1] === "steps" ? "Step" : "Cookie"} ${Number(row[2]) + 1}: ` : "";
    (mapped[target] ??= []).push(...messages.map((message) => prefix + message));
  }
  return mapped;
}
