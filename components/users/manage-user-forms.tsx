"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { initialFormState, type FormState } from "@/lib/forms";
import { ROLE_OPTIONS } from "./create-user-form";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

function Outcome({ state }: { state: FormState }) {
  if (state.ok) {
    return (
      <Alert tone="success" role="status">
        {state.message}
      </Alert>
    );
  }
  return <FormErrorSummary message={state.message} fieldErrors={state.fieldErrors} />;
}

export function RoleForm({ action, role }: { action: Action; role: string }) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  return (
    <form action={formAction} key={`${role}-${JSON.stringify(state)}`}>
      <Outcome state={state} />
      <input type="hidden" name="intent" value="role" />
      <SelectField label="Role" name="role" options={ROLE_OPTIONS} defaultValue={role} error={state.fieldErrors?.role} />
      <Button type="submit" disabled={pending}>
        Change role
      </Button>
    </form>
  );
}

export function DisableForm({ action, disabled }: { action: Action; disabled: boolean }) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  return (
    <form action={formAction}>
      <Outcome state={state} />
      <input type="hidden" name="intent" value={disabled ? "enable" : "disable"} />
      <p className="mb-3 text-sm text-slate-700">
        {disabled
          ? "This account is disabled: it cannot sign in or use the API."
          : "Disabling ends the user's sessions at their next request and blocks sign-in. Their records stay."}
      </p>
      <Button type="submit" variant={disabled ? "secondary" : "danger"} disabled={pending}>
        {disabled ? "Enable account" : "Disable account"}
      </Button>
    </form>
  );
}

export function ResetPasswordForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  return (
    <form action={formAction} key={state.ok ? "done" : "form"}>
      <Outcome state={state} />
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        hint="At least 12 characters."
        error={state.fieldErrors?.password}
      />
      <Button type="submit" variant="secondary" disabled={pending}>
        Reset password
      </Button>
    </form>
  );
}
