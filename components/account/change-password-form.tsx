"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import type { FormState } from "@/lib/forms";

const LABELS = { currentPassword: "Current password", newPassword: "New password" };

export function ChangePasswordForm({ action }: { action: (state: FormState, formData: FormData) => Promise<FormState> }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction}>
      {state.ok ? (
        <Alert tone="success" role="status" title={state.message} />
      ) : (
        <FormErrorSummary message={state.message} fieldErrors={state.fieldErrors} labels={LABELS} />
      )}
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField label={LABELS.currentPassword} name="currentPassword" type="password" autoComplete="current-password" required error={state.fieldErrors?.currentPassword} />
        <TextField
          label={LABELS.newPassword}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          hint="At least 12 characters."
          error={state.fieldErrors?.newPassword}
        />
      </div>
      <p className="mb-4 text-sm text-slate-700">Changing your password ends your other browser sessions and revokes all your API tokens.</p>
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
