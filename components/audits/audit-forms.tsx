"use client";

import { useActionState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/field";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { initialFormState, type FormState } from "@/lib/forms";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

function Status({ state }: { state: FormState }) {
  return state.ok && state.message ? (
    <Alert tone="success" role="status">
      {state.message}
    </Alert>
  ) : null;
}

/** The tester's verdict: an outcome and remarks. The automated proposal is shown beside it, never pre-selected. */
export function OutcomeForm({
  action,
  outcomes,
  outcome,
  notes,
  expectedUpdatedAt,
}: {
  action: Action;
  outcomes: ReadonlyArray<{ value: string; label: string }>;
  outcome: string;
  notes: string;
  expectedUpdatedAt: string;
}) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  const chosen = state.values?.outcome ?? outcome;
  return (
    <form action={formAction} noValidate>
      <FormErrorSummary message={state.ok ? undefined : state.message} fieldErrors={state.fieldErrors} labels={{ outcome: "Outcome", notes: "Remarks" }} />
      <Status state={state} />
      <input type="hidden" name="expectedUpdatedAt" value={state.values?.expectedUpdatedAt ?? expectedUpdatedAt} />
      <fieldset className="mb-4" aria-describedby={state.fieldErrors?.outcome ? "field-outcome-error" : undefined}>
        <legend className="mb-2 text-sm font-semibold">Outcome</legend>
        <div id="field-outcome" tabIndex={-1} className="flex flex-col gap-1">
          {outcomes.map((option) => (
            <label key={option.value} className="inline-flex min-h-11 items-center gap-2">
              <input type="radio" name="outcome" value={option.value} defaultChecked={chosen === option.value} className="size-5" />
              {option.label}
            </label>
          ))}
        </div>
        {state.fieldErrors?.outcome ? (
          <p id="field-outcome-error" className="mt-1 text-sm font-medium text-red-800">
            {state.fieldErrors.outcome.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <TextAreaField label="Remarks" name="notes" rows={4} defaultValue={state.values?.notes ?? notes} error={state.fieldErrors?.notes} hint="Shown in the report's table and as the ACR notes." maxLength={10_000} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save outcome"}
      </Button>
    </form>
  );
}

export function RequirementsForm({ action, children }: { action: Action; children: ReactNode }) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  return (
    <form action={formAction}>
      <FormErrorSummary message={state.ok ? undefined : state.message} fieldErrors={state.fieldErrors} />
      {children}
      <div className="mt-4">
        <Status state={state} />
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Saving…" : "Save checked requirements"}
        </Button>
      </div>
    </form>
  );
}

export function InstanceForm({ action, maxMegabytes }: { action: Action; maxMegabytes: number }) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  const labels = { pageUrl: "Page URL", selector: "Element (CSS selector)", description: "What fails", screenshot: "Screenshot" };
  return (
    <form action={formAction} noValidate encType="multipart/form-data">
      <FormErrorSummary message={state.ok ? undefined : state.message} fieldErrors={state.fieldErrors} labels={labels} />
      <Status state={state} />
      <TextField label={labels.pageUrl} name="pageUrl" type="url" required defaultValue={state.ok ? "" : state.values?.pageUrl} error={state.fieldErrors?.pageUrl} autoComplete="off" />
      <TextField label={labels.selector} name="selector" defaultValue={state.ok ? "" : state.values?.selector} error={state.fieldErrors?.selector} autoComplete="off" />
      <TextAreaField label={labels.description} name="description" required rows={3} defaultValue={state.ok ? "" : state.values?.description} error={state.fieldErrors?.description} />
      <TextField
        label={labels.screenshot}
        name="screenshot"
        type="file"
        accept="image/png,image/jpeg,image/webp"
        error={state.fieldErrors?.screenshot}
        hint={`Optional. PNG, JPEG or WebP, at most ${maxMegabytes} MB.`}
      />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Adding…" : "Add failure instance"}
      </Button>
    </form>
  );
}

export function DeleteInstanceForm({ action, label }: { action: Action; label: string }) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  return (
    <form action={formAction}>
      {state.message && !state.ok ? (
        <Alert tone="error" role="alert">
          {state.message}
        </Alert>
      ) : null}
      <Button type="submit" variant="secondary" disabled={pending} aria-label={label}>
        Remove
      </Button>
    </form>
  );
}
