"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { initialFormState, type FormState } from "@/lib/forms";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

export function DuplicateSessionForm({ action, defaultName }: { action: Action; defaultName: string }) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  return (
    <form action={formAction} noValidate>
      <FormErrorSummary message={state.message} fieldErrors={state.fieldErrors} labels={{ name: "Name of the copy" }} />
      <TextField label="Name of the copy" name="name" defaultValue={state.values?.name ?? defaultName} error={state.fieldErrors?.name} autoComplete="off" maxLength={200} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Duplicating…" : "Duplicate session"}
      </Button>
    </form>
  );
}

const STATUS_VERBS: Record<string, string> = {
  draft: "Back to draft",
  queued: "Mark as queued",
  running: "Start testing",
  completed: "Mark as completed",
  failed: "Mark as failed",
  cancelled: "Cancel session",
};

/** Buttons for the transitions a manual session can make from its current status. */
export function SessionStatusForm({ action, next, expectedUpdatedAt }: { action: Action; next: readonly string[]; expectedUpdatedAt: string }) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  return (
    <form action={formAction}>
      {state.ok ? (
        <Alert tone="success" role="status">
          {state.message}
        </Alert>
      ) : state.message ? (
        <Alert tone="error" role="alert">
          {state.message}
        </Alert>
      ) : null}
      <input type="hidden" name="expectedUpdatedAt" value={expectedUpdatedAt} />
      <div className="flex flex-wrap gap-2">
        {next.map((status) => (
          <Button key={status} type="submit" name="status" value={status} variant={status === "cancelled" || status === "failed" ? "secondary" : "primary"} disabled={pending}>
            {STATUS_VERBS[status] ?? status}
          </Button>
        ))}
      </div>
    </form>
  );
}
