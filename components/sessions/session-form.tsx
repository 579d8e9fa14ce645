"use client";

import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { useFormAction } from "@/components/ui/use-form-action";
import type { FormState } from "@/lib/forms";

export type SessionFormValues = {
  name: string;
  description: string;
  approach: string;
  wcagVersion: string;
  wcagLevel: string;
  scopeUrls: string;
  startUrl: string;
  maxPages: string;
  authConfigId: string;
  expectedUpdatedAt?: string;
};

const APPROACH_OPTIONS = [
  { value: "automated", label: "Automated — scanned by the engine" },
  { value: "manual", label: "Manual — tested by a person" },
  { value: "hybrid", label: "Hybrid — scan plus manual review" },
];
const VERSION_OPTIONS = [
  { value: "2.2", label: "WCAG 2.2" },
  { value: "2.1", label: "WCAG 2.1" },
];
const LEVEL_OPTIONS = [
  { value: "A", label: "Level A" },
  { value: "AA", label: "Level AA" },
  { value: "AAA", label: "Level AAA" },
];

export function SessionForm({
  action,
  initial,
  labels,
  submitLabel,
  site,
  authConfigs,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  initial: SessionFormValues;
  labels: Record<string, string>;
  submitLabel: string;
  site: string;
  authConfigs: Array<{ id: string; name: string }>;
}) {
  const { state, formAction, pending, values, errors, formKey } = useFormAction(action, initial);
  return (
    <form key={formKey} action={formAction} noValidate>
      <FormErrorSummary message={state.message} fieldErrors={state.fieldErrors} labels={labels} />
      {values.expectedUpdatedAt ? <input type="hidden" name="expectedUpdatedAt" value={values.expectedUpdatedAt} /> : null}
      <TextField label={labels.name!} name="name" required defaultValue={values.name} error={errors.name} autoComplete="off" maxLength={200} />
      <TextAreaField label={labels.description!} name="description" rows={3} defaultValue={values.description} error={errors.description} />
      <div className="grid gap-x-4 sm:grid-cols-3">
        <SelectField label={labels.approach!} name="approach" options={APPROACH_OPTIONS} defaultValue={values.approach} error={errors.approach} />
        <SelectField label={labels.wcagVersion!} name="wcagVersion" options={VERSION_OPTIONS} defaultValue={values.wcagVersion} error={errors.wcagVersion} />
        <SelectField label={labels.wcagLevel!} name="wcagLevel" options={LEVEL_OPTIONS} defaultValue={values.wcagLevel} error={errors.wcagLevel} />
      </div>
      <TextAreaField
        label={labels.scopeUrls!}
        name="scopeUrls"
        rows={6}
        defaultValue={values.scopeUrls}
        error={errors.scopeUrls}
        hint={`One absolute URL per line, on ${site}. Leave empty to crawl from a start URL instead.`}
        spellCheck={false}
      />
      <fieldset className="mb-4 rounded-md border border-slate-300 p-4">
        <legend className="px-1 text-sm font-semibold">Crawl (optional)</legend>
        <div className="grid gap-x-4 sm:grid-cols-2">
          <TextField label={labels.startUrl!} name="startUrl" type="url" defaultValue={values.startUrl} error={errors.startUrl} autoComplete="off" hint="Links are followed from here, within the site." />
          <TextField label={labels.maxPages!} name="maxPages" type="number" inputMode="numeric" min={1} defaultValue={values.maxPages} error={errors.maxPages} hint="Default 50." />
        </div>
      </fieldset>
      <SelectField
        label={labels.authConfigId!}
        name="authConfigId"
        options={[{ value: "", label: "None — pages are public" }, ...authConfigs.map((config) => ({ value: config.id, label: config.name }))]}
        defaultValue={values.authConfigId}
        error={errors.authConfigId}
        hint="Credentials used to sign in before testing. Admins manage them."
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </Button>
    </form>
  );
}
