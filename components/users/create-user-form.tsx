"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormOutcome } from "@/components/ui/form-error-summary";
import { initialFormState, type FormState } from "@/lib/forms";

export const ROLE_OPTIONS = [
  { value: "VIEWER", label: "Viewer — reads projects and results" },
  { value: "TESTER", label: "Tester — also creates projects, sessions, scans" },
  { value: "ADMIN", label: "Admin — also manages users and credentials" },
];

const LABELS = { email: "Email", name: "Name", role: "Role", password: "Initial password" };

export function CreateUserForm({ action }: { action: (state: FormState, formData: FormData) => Promise<FormState> }) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  const values = state.ok ? {} : (state.values ?? {});
  return (
    // A new key per result re-mounts the fields, so React's post-action form reset cannot put the
    // select back to its first option: the user's values (or a blank form after success) show.
    <form action={formAction} key={JSON.stringify(state)}>
      <FormOutcome state={state} labels={LABELS} />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField label={LABELS.email} name="email" type="email" autoComplete="off" required defaultValue={values.email} error={state.fieldErrors?.email} />
        <TextField label={LABELS.name} name="name" autoComplete="off" required defaultValue={values.name} error={state.fieldErrors?.name} />
        <SelectField label={LABELS.role} name="role" options={ROLE_OPTIONS} defaultValue={values.role ?? "TESTER"} error={state.fieldErrors?.role} />
        <TextField
          label={LABELS.password}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          hint="At least 12 characters. Share it with the user privately."
          error={state.fieldErrors?.password}
        />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create user"}
      </Button>
    </form>
  );
}
