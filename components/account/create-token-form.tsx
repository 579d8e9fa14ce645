"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import type { FormState } from "@/lib/forms";

type State = FormState & { token?: string };

const EXPIRY_OPTIONS = [
  { value: "", label: "Never" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In a year" },
];

export function CreateTokenForm({ action }: { action: (state: State, formData: FormData) => Promise<State> }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction}>
      {state.ok && state.token ? (
        <Alert tone="success" role="status" title={state.message}>
          <label htmlFor="new-token" className="mt-2 block font-semibold">
            Your new token
          </label>
          <input id="new-token" readOnly value={state.token} className="mt-1 w-full rounded border border-slate-500 bg-white px-2 py-1 font-mono text-sm" />
        </Alert>
      ) : (
        <FormErrorSummary message={state.message} fieldErrors={state.fieldErrors} labels={{ name: "Name" }} />
      )}
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField label="Name" name="name" required hint="What uses it, e.g. “nightly CI scan”." defaultValue={state.ok ? "" : state.values?.name} error={state.fieldErrors?.name} />
        <SelectField label="Expires" name="expiresInDays" options={EXPIRY_OPTIONS} defaultValue={state.ok ? "" : state.values?.expiresInDays} error={state.fieldErrors?.expiresInDays} />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create token"}
      </Button>
    </form>
  );
}
