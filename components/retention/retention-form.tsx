"use client";

import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormOutcome } from "@/components/ui/form-error-summary";
import { useFormAction } from "@/components/ui/use-form-action";
import type { FormState } from "@/lib/forms";
import type { RetentionSettings } from "@/lib/retention/schema";

const LABELS = { keepRuns: "Runs kept per session", keepDays: "Keep runs for (days)", screenshotDays: "Keep screenshots for (days)" };

const text = (value: number | null) => (value === null ? "" : String(value));

/**
 * The three retention numbers. An empty field means no limit, or for a project the instance
 * default, shown in each field's hint.
 */
export function RetentionForm({ action, settings, fallback, submitLabel }: { action: (state: FormState, formData: FormData) => Promise<FormState>; settings: RetentionSettings; fallback?: RetentionSettings; submitLabel: string }) {
  const { state, formAction, pending, values, errors, formKey } = useFormAction(action, { keepRuns: text(settings.keepRuns), keepDays: text(settings.keepDays), screenshotDays: text(settings.screenshotDays) });
  const hint = (value: number | null | undefined, unit: string) =>
    fallback === undefined ? "Empty: no limit." : `Empty: the instance default (${value === null || value === undefined ? "no limit" : `${value} ${unit}`}).`;
  return (
    <form key={formKey} action={formAction} noValidate className="max-w-xl">
      <FormOutcome state={state} labels={LABELS} />
      <TextField label={LABELS.keepRuns} name="keepRuns" type="number" min={1} inputMode="numeric" defaultValue={values.keepRuns} error={errors.keepRuns} hint={hint(fallback?.keepRuns, "runs")} />
      <TextField label={LABELS.keepDays} name="keepDays" type="number" min={1} inputMode="numeric" defaultValue={values.keepDays} error={errors.keepDays} hint={hint(fallback?.keepDays, "days")} />
      <TextField
        label={LABELS.screenshotDays}
        name="screenshotDays"
        type="number"
        min={1}
        inputMode="numeric"
        defaultValue={values.screenshotDays}
        error={errors.screenshotDays}
        hint={`Screenshots can go sooner than findings. ${hint(fallback?.screenshotDays, "days")}`}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </Button>
    </form>
  );
}
