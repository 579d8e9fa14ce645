"use client";

import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { useFormAction } from "@/components/ui/use-form-action";
import type { FormState } from "@/lib/forms";

export type ProjectFormValues = {
  name: string;
  clientName: string;
  primaryUrl: string;
  description: string;
  status: string;
  defaultAuthConfigId: string;
  expectedUpdatedAt?: string;
};

const STATUS_OPTIONS = [
  { value: "active", label: "Active" },
  { value: "paused", label: "Paused" },
];

export function ProjectForm({
  action,
  initial,
  labels,
  submitLabel,
  showStatus = true,
  authConfigs,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  initial: ProjectFormValues;
  labels: Record<string, string>;
  submitLabel: string;
  showStatus?: boolean;
  /** Auth configs the project may sign in with by default: shared ones and its own. */
  authConfigs: Array<{ id: string; name: string }>;
}) {
  const { state, formAction, pending, values, errors, formKey } = useFormAction(action, initial);
  return (
    <form key={formKey} action={formAction} noValidate>
      <FormErrorSummary message={state.message} fieldErrors={state.fieldErrors} labels={labels} />
      {values.expectedUpdatedAt ? <input type="hidden" name="expectedUpdatedAt" value={values.expectedUpdatedAt} /> : null}
      <TextField label={labels.name!} name="name" required defaultValue={values.name} error={errors.name} autoComplete="off" maxLength={200} />
      <TextField
        label={labels.primaryUrl!}
        name="primaryUrl"
        type="url"
        required
        defaultValue={values.primaryUrl}
        error={errors.primaryUrl}
        hint="The site's address, starting with https:// or http://. Session URLs must be on this site."
        autoComplete="off"
      />
      <TextField label={labels.clientName!} name="clientName" defaultValue={values.clientName} error={errors.clientName} autoComplete="off" maxLength={200} />
      <TextAreaField label={labels.description!} name="description" rows={4} defaultValue={values.description} error={errors.description} />
      {showStatus ? (
        <SelectField
          label={labels.status!}
          name="status"
          options={STATUS_OPTIONS}
          defaultValue={values.status}
          error={errors.status}
          hint="Paused projects stay in the list; archive a project to hide it."
        />
      ) : null}
      <SelectField
        label={labels.defaultAuthConfigId!}
        name="defaultAuthConfigId"
        options={[{ value: "", label: "None — sessions scan signed out unless they pick one" }, ...authConfigs.map((config) => ({ value: config.id, label: config.name }))]}
        defaultValue={values.defaultAuthConfigId}
        error={errors.defaultAuthConfigId}
        hint="Sessions that pick no auth config of their own sign in with this one (a session can also turn sign-in off). Admins manage auth configs."
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </Button>
    </form>
  );
}
