"use client";

import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/field";
import { FormOutcome } from "@/components/ui/form-error-summary";
import { useFormAction } from "@/components/ui/use-form-action";
import type { FormState } from "@/lib/forms";
import { EVENT_DESCRIPTIONS, NOTIFICATION_EVENTS } from "@/lib/notifications/schema";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;
const LABELS = { url: "Webhook URL", secret: "Signing secret", events: "Events", threshold: "Threshold (open violations)", recipients: "Recipients" };

function EventChoices({ idPrefix, error }: { idPrefix: string; error?: string[] }) {
  return (
    <fieldset className="mb-4" aria-describedby={error ? `${idPrefix}-events-error` : undefined}>
      <legend className="text-sm font-semibold text-slate-900">{LABELS.events}</legend>
      {NOTIFICATION_EVENTS.map((event) => (
        <div key={event} className="mt-1 flex items-start gap-2">
          <input id={`${idPrefix}-${event}`} type="checkbox" name="events" value={event} defaultChecked={event === "run.completed" || event === "run.failed"} className="mt-0.5 size-5 shrink-0" />
          <label htmlFor={`${idPrefix}-${event}`} className="text-sm">
            <code>{event}</code>: {EVENT_DESCRIPTIONS[event]}
          </label>
        </div>
      ))}
      {error ? (
        <p id={`${idPrefix}-events-error`} className="mt-1 text-sm font-medium text-red-800">
          {error.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The URL and secret are write-only: the form never shows them again, even after an error. */
export function WebhookForm({ action }: { action: Action }) {
  const { state, formAction, pending, values, errors, formKey } = useFormAction(action, {});
  return (
    <form key={formKey} action={formAction} noValidate className="max-w-xl">
      <FormOutcome state={state} labels={LABELS} />
      <TextField label={LABELS.url} id="webhook-url" name="url" type="url" autoComplete="off" error={errors.url} hint="Stored encrypted and never shown again; the list shows its host." required />
      <TextField label={LABELS.secret} id="webhook-secret" name="secret" type="password" autoComplete="new-password" error={errors.secret} hint="At least 16 characters. Each delivery's X-Clearsight-Signature-256 header is the hex HMAC-SHA256 of the body under this secret." required />
      <EventChoices idPrefix="webhook" error={errors.events ?? errors["events.0"]} />
      <TextField label={LABELS.threshold} id="webhook-threshold" name="threshold" type="number" min={0} defaultValue={values.threshold} error={errors.threshold} hint="Needed for threshold.crossed." />
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add webhook"}
      </Button>
    </form>
  );
}

export function EmailAlertForm({ action }: { action: Action }) {
  const { state, formAction, pending, values, errors, formKey } = useFormAction(action, {});
  const recipientErrors = Object.entries(errors).filter(([key]) => key.startsWith("recipients")).flatMap(([, messages]) => messages);
  return (
    <form key={formKey} action={formAction} noValidate className="max-w-xl">
      <FormOutcome state={state} labels={LABELS} />
      <TextAreaField label={LABELS.recipients} id="email-recipients" name="recipients" rows={2} defaultValue={values.recipients} error={recipientErrors.length > 0 ? recipientErrors : undefined} hint="Email addresses, separated by commas or new lines." required />
      <EventChoices idPrefix="email" error={errors.events ?? errors["events.0"]} />
      <TextField label={LABELS.threshold} id="email-threshold" name="threshold" type="number" min={0} defaultValue={values.threshold} error={errors.threshold} hint="Needed for threshold.crossed." />
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add email alert"}
      </Button>
    </form>
  );
}
