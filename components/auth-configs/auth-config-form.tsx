"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxField, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { useFormAction } from "@/components/ui/use-form-action";
import { cookieRowsFromField, settingsShown, stepRowOf, stepRowsFromField } from "@/lib/auth-configs/form";
import { AUTH_CONFIG_TYPE_LABELS, presetSteps } from "@/lib/auth-configs/types";
import { initialFormState, type FormState } from "@/lib/forms";
import { CookieEditor } from "./cookie-editor";
import { StepEditor } from "./step-editor";

export type AuthConfigFormValues = Record<string, string>;

/** Every type, presets of steps last (they are custom steps with a starting point). */
const TYPE_OPTIONS = (["form", "basic", "api_key", "cookie", "custom", "saml", "oauth"] as const).map((value) => ({ value, label: AUTH_CONFIG_TYPE_LABELS[value] }));

/** What each type does, in the words of someone setting one up. */
const TYPE_HELP: Record<string, string> = {
  form: "The scanner opens the login page, types the username and the secret into the fields below, submits, and waits for the success check. Forms with a CSRF token work, because the real form is used.",
  basic: "HTTP basic authentication: the username and the secret are sent with every request to the domain above, and never to other sites a page loads.",
  api_key: "An API key: the secret is sent in a request header (and/or a query parameter) to the domain above only.",
  cookie: "Session cookies: one or more cookies, whose values are the secret, are set before every page.",
  custom: "Steps you define, run in a real browser: go to pages, fill fields (with the username, the secret or a TOTP code), click, choose, press keys and wait. Identity providers on other domains work.",
  saml: "Single sign-on through a SAML identity provider, as steps. Starting steps are filled in; adjust them to your provider's pages.",
  oauth: "Sign-in through an OAuth / OpenID Connect provider, as steps. Starting steps are filled in; adjust them to your provider's pages.",
};

const STATUS_OPTIONS = [
  { value: "active", label: "Active" },
  { value: "testing", label: "Testing" },
  { value: "inactive", label: "Inactive" },
  { value: "failed", label: "Failed" },
];
const SUCCESS_OPTIONS = [
  { value: "selector_visible", label: "An element appears (CSS selector)" },
  { value: "url_contains", label: "The address contains (text)" },
  { value: "text_present", label: "The page shows (text)" },
];

export function AuthConfigForm({
  action,
  initial,
  labels,
  projects,
  secret,
  submitLabel,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  initial: AuthConfigFormValues;
  labels: Record<string, string>;
  projects: Array<{ id: string; name: string }>;
  /** Whether a secret (and a TOTP secret) is stored, and when it last changed (never the secret itself). */
  secret: { isSet: boolean; updatedAt: string | null; totpIsSet?: boolean };
  submitLabel: string;
}) {
  const { state, formAction, pending, values, errors, formKey } = useFormAction(action, initial);
  return (
    <form key={formKey} action={formAction} noValidate>
      <FormErrorSummary message={state.message} fieldErrors={state.fieldErrors} labels={labels} />
      <AuthConfigFields values={values} errors={errors} labels={labels} projects={projects} secret={secret} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </Button>
    </form>
  );
}

function AuthConfigFields({
  values,
  errors,
  labels,
  projects,
  secret,
}: {
  values: Record<string, string | undefined>;
  errors: Record<string, string[]>;
  labels: Record<string, string>;
  projects: Array<{ id: string; name: string }>;
  secret: { isSet: boolean; updatedAt: string | null; totpIsSet?: boolean };
}) {
  const [type, setType] = useState(values.type ?? "form");
  const [loginPage, setLoginPage] = useState(values.loginPage ?? "");
  // Presets start from their steps; a type switch keeps what was typed for the other steps.
  const [presetFor, setPresetFor] = useState<string | null>(null);
  const field = (name: string) => ({ name, label: labels[name]!, defaultValue: values[name], error: errors[name], autoComplete: "off" });
  const shown = settingsShown(type);
  const secretHint = secret.isSet
    ? `A secret is stored (last changed ${secret.updatedAt ?? "at an unknown time"}). It is never shown. Type a new one to replace it, or leave this empty to keep it.`
    : "No secret is stored yet. It is encrypted and never shown again after saving.";
  const secretWhat: Record<string, string> = {
    form: "The password typed into the login form.",
    basic: "The password sent with the username.",
    api_key: "The API key.",
    cookie: "The cookie's value (see the cookies below).",
  };
  const storedSteps = stepRowsFromField(values["settings.steps"]);
  const initialSteps = presetFor && (presetFor === "saml" || presetFor === "oauth") ? presetSteps(presetFor, /^https?:\/\/[^/\s]+/.test(loginPage) ? loginPage : null).map(stepRowOf) : storedSteps;

  return (
    <>
      {values.expectedUpdatedAt ? <input type="hidden" name="expectedUpdatedAt" value={values.expectedUpdatedAt} /> : null}
      <TextField {...field("name")} required maxLength={200} />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <SelectField
          label={labels.type!}
          name="type"
          options={TYPE_OPTIONS}
          defaultValue={values.type ?? "form"}
          onChange={(event) => {
            const next = event.target.value;
            setType(next);
            if ((next === "saml" || next === "oauth") && storedSteps.length === 0) setPresetFor(next);
          }}
          error={errors.type}
          hint={TYPE_HELP[type]}
        />
        <SelectField label={labels.status!} name="status" options={STATUS_OPTIONS} defaultValue={values.status} error={errors.status} hint="Test login sets active or failed." />
      </div>
      <TextField {...field("domain")} required hint="The host these credentials are for, like app.example.org (no https://). Credentials go to this domain and its subdomains only." />
      <TextField {...field("url")} type="url" hint="Optional: the site's address on that domain." />
      <TextField
        {...field("loginPage")}
        type="url"
        onChange={(event) => setLoginPage(event.target.value)}
        hint={shown.form ? "Required for a login form: the page with the form." : "Optional: where the sign-in starts. A page sent here during a scan counts as signed out."}
      />
      <SelectField
        label={labels.projectId!}
        name="projectId"
        options={[{ value: "", label: "Shared — any project may use it" }, ...projects.map((project) => ({ value: project.id, label: project.name }))]}
        defaultValue={values.projectId}
        error={errors.projectId}
      />
      <TextField {...field("username")} hint={type === "basic" || type === "form" ? "Required for this type." : "Optional; steps can type it."} />
      <TextField name="secret" label={labels.secret!} type="password" autoComplete="new-password" error={errors.secret} hint={`${secretWhat[type] ?? "Typed by a fill step that uses the secret."} ${secretHint}`} />
      {secret.isSet ? <CheckboxField label="Remove the stored secret" name="clearSecret" checked={values.clearSecret === "on"} /> : null}
      {shown.steps ? (
        <>
          <TextField
            name="totpSecret"
            label={labels.totpSecret!}
            type="password"
            autoComplete="off"
            spellCheck={false}
            error={errors.totpSecret}
            hint={`The base32 seed your authenticator app was given (letters A–Z and digits 2–7), for steps that type a TOTP code (RFC 6238, 6 digits, 30 s). ${
              secret.totpIsSet ? "A TOTP secret is stored; it is never shown. Type a new one to replace it, or leave this empty to keep it." : "Encrypted, and never shown again after saving."
            }`}
          />
          {secret.totpIsSet ? <CheckboxField label="Remove the stored TOTP secret" name="clearTotpSecret" checked={values.clearTotpSecret === "on"} /> : null}
        </>
      ) : null}

      <fieldset id="field-settings" tabIndex={-1} className="mb-4 min-w-0 rounded-md border border-slate-300 p-4">
        <legend className="px-1 text-sm font-semibold">Settings for this type</legend>
        {shown.form ? (
          <>
            <TextField {...field("settings.usernameSelector")} required spellCheck={false} hint="CSS selector of the username field, like #email." />
            <TextField {...field("settings.passwordSelector")} required spellCheck={false} hint="CSS selector of the password field, like #password." />
            <TextField {...field("settings.submitSelector")} required spellCheck={false} hint="CSS selector of the button that signs in, like button[type=submit]." />
          </>
        ) : null}
        {shown.apiKey ? (
          <>
            <TextField {...field("settings.headerName")} spellCheck={false} hint="The request header that carries the key (the secret above), like X-API-Key. Leave empty to send it only as a query parameter." />
            <TextField {...field("settings.queryParam")} spellCheck={false} hint="Optional: also send the key as this query parameter, like api_key." />
          </>
        ) : null}
        {shown.cookies ? <CookieEditor name="settings.cookies" label={labels["settings.cookies"]!} initial={cookieRowsFromField(values["settings.cookies"])} error={errors["settings.cookies"]} /> : null}
        {shown.steps ? (
          <StepEditor key={presetFor ?? "stored"} name="settings.steps" label={labels["settings.steps"]!} initial={initialSteps} error={errors["settings.steps"]} />
        ) : null}
        {shown.signsInWithPage ? (
          <>
            <div className="grid gap-x-4 sm:grid-cols-2">
              <SelectField
                label={labels["settings.successCheck.kind"]!}
                name="settings.successCheck.kind"
                options={shown.form ? SUCCESS_OPTIONS : [{ value: "", label: "None — the steps' own waits are enough" }, ...SUCCESS_OPTIONS]}
                defaultValue={values["settings.successCheck.kind"] ?? (shown.form ? "selector_visible" : "")}
                error={errors["settings.successCheck.kind"]}
                hint="How the scanner knows sign-in worked. A page that later fails it counts as signed out: the scanner signs in again."
              />
              <TextField {...field("settings.successCheck.value")} spellCheck={false} hint="The selector, address part or text that shows sign-in worked, like Welcome back." />
            </div>
            <TextField
              {...field("settings.stepTimeoutMs")}
              type="number"
              inputMode="numeric"
              min={100}
              max={120000}
              hint="How long each step may take, in milliseconds (100 to 120,000). Default 10,000."
            />
          </>
        ) : null}
        <TextAreaField
          {...field("settings.logoutPatterns")}
          rows={2}
          spellCheck={false}
          hint="Optional, one per line: parts of URLs a signed-in crawl never follows. Links that look like log out or sign off are never followed anyway."
        />
      </fieldset>
    </>
  );
}

export function DeleteAuthConfigForm({ action, sessionCount }: { action: (state: FormState, formData: FormData) => Promise<FormState>; sessionCount: number }) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  return (
    <form action={formAction}>
      <FormErrorSummary message={state.message} fieldErrors={state.fieldErrors} />
      <p className="mb-4 text-slate-700">
        {sessionCount > 0
          ? `${sessionCount} session${sessionCount === 1 ? " uses" : "s use"} these credentials; they keep their results but will have no auth config.`
          : "No session uses these credentials."}
      </p>
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? "Deleting…" : "Delete credentials"}
      </Button>
    </form>
  );
}
