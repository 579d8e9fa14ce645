"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { useFormAction } from "@/components/ui/use-form-action";
import { initialFormState, type FormState } from "@/lib/forms";

export type AuthConfigFormValues = Record<string, string>;

const TYPE_OPTIONS = [
  { value: "form", label: "Login form" },
  { value: "basic", label: "HTTP basic authentication" },
  { value: "api_key", label: "API key header" },
  { value: "custom", label: "Custom steps" },
  { value: "saml", label: "SAML single sign-on" },
  { value: "oauth", label: "OAuth" },
];
const STATUS_OPTIONS = [
  { value: "active", label: "Active" },
  { value: "testing", label: "Testing" },
  { value: "inactive", label: "Inactive" },
  { value: "failed", label: "Failed" },
];
const SUCCESS_OPTIONS = [
  { value: "selector_visible", label: "An element appears (CSS selector)" },
  { value: "url_contains", label: "The address contains (text)" },
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
  /** Whether a secret is stored, and when it last changed (never the secret itself). */
  secret: { isSet: boolean; updatedAt: string | null };
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
  secret: { isSet: boolean; updatedAt: string | null };
}) {
  const [type, setType] = useState(values.type ?? "form");
  const field = (name: string) => ({ name, label: labels[name]!, defaultValue: values[name], error: errors[name], autoComplete: "off" });
  const secretHint = secret.isSet
    ? `A secret is stored (last changed ${secret.updatedAt ?? "at an unknown time"}). It is never shown. Type a new one to replace it, or leave this empty to keep it.`
    : "No secret is stored yet. It is encrypted and never shown again after saving.";

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
          onChange={(event) => setType(event.target.value)}
          error={errors.type}
        />
        <SelectField label={labels.status!} name="status" options={STATUS_OPTIONS} defaultValue={values.status} error={errors.status} />
      </div>
      <TextField {...field("domain")} required hint="The host these credentials are for, like app.example.org (no https://)." />
      <TextField {...field("url")} type="url" hint="Optional: the site's address on that domain." />
      <TextField {...field("loginPage")} type="url" hint="Optional: where the sign-in starts." />
      <SelectField
        label={labels.projectId!}
        name="projectId"
        options={[{ value: "", label: "Shared — any project may use it" }, ...projects.map((project) => ({ value: project.id, label: project.name }))]}
        defaultValue={values.projectId}
        error={errors.projectId}
      />
      <TextField {...field("username")} hint={type === "basic" || type === "form" ? "Required for this type." : "Optional."} />
      <TextField name="secret" label={labels.secret!} type="password" autoComplete="new-password" error={errors.secret} hint={secretHint} />
      {secret.isSet ? (
        <div className="mb-4 flex items-center gap-2">
          <input id="field-clearSecret" type="checkbox" name="clearSecret" className="size-5" defaultChecked={values.clearSecret === "on"} />
          <label htmlFor="field-clearSecret" className="text-sm">
            Remove the stored secret
          </label>
        </div>
      ) : null}

      <fieldset id="field-settings" tabIndex={-1} className="mb-4 rounded-md border border-slate-300 p-4">
        <legend className="px-1 text-sm font-semibold">Settings for this type</legend>
        {type === "form" ? (
          <>
            <TextField {...field("settings.usernameSelector")} required hint="CSS selector, like #email." />
            <TextField {...field("settings.passwordSelector")} required hint="CSS selector, like #password." />
            <TextField {...field("settings.submitSelector")} required hint="CSS selector, like button[type=submit]." />
            <SelectField
              label={labels["settings.successCheck.kind"]!}
              name="settings.successCheck.kind"
              options={SUCCESS_OPTIONS}
              defaultValue={values["settings.successCheck.kind"]}
              error={errors["settings.successCheck.kind"]}
            />
            <TextField {...field("settings.successCheck.value")} required hint="The selector or the text that shows sign-in worked." />
          </>
        ) : type === "api_key" ? (
          <TextField {...field("settings.headerName")} required hint="The request header that carries the key (the secret above), like X-API-Key." />
        ) : type === "custom" ? (
          <TextAreaField
            {...field("settings.steps")}
            rows={7}
            spellCheck={false}
            required
            hint={
              <>
                One step per line, in order: <code>goto URL</code>, <code>fill SELECTOR =&gt; {"{username}"}</code> (or {"{secret}"}, or fixed text),{" "}
                <code>click SELECTOR</code>, <code>wait-for-selector SELECTOR</code>, <code>wait-for-url TEXT</code>.
              </>
            }
          />
        ) : (
          <p className="text-sm text-slate-700">This type needs no extra settings.</p>
        )}
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
