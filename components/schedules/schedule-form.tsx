"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormOutcome } from "@/components/ui/form-error-summary";
import { useFormAction } from "@/components/ui/use-form-action";
import type { FormState } from "@/lib/forms";
import { WEEKDAYS } from "@/lib/schedules/schema";

const LABELS = { sessionId: "Session", frequency: "Repeat", weekday: "Day", time: "Time", minute: "Minute past the hour", cron: "Cron expression", timezone: "Time zone" };

/** "Weekly on Monday at 06:00 in Europe/Berlin", daily, hourly, or a cron expression. */
export function ScheduleForm({ action, sessions, defaultTimeZone }: { action: (state: FormState, formData: FormData) => Promise<FormState>; sessions: Array<{ id: string; name: string }>; defaultTimeZone: string }) {
  const { state, formAction, pending, values, errors, formKey } = useFormAction(action, { frequency: "weekly", weekday: "1", time: "06:00", minute: "0", timezone: defaultTimeZone });
  const [frequency, setFrequency] = useState(values.frequency ?? "weekly");
  return (
    <form key={formKey} action={formAction} noValidate className="max-w-xl">
      <FormOutcome state={state} labels={LABELS} />
      <SelectField label={LABELS.sessionId} name="sessionId" defaultValue={values.sessionId} error={errors.sessionId} options={sessions.map((session) => ({ value: session.id, label: session.name }))} required />
      <SelectField
        label={LABELS.frequency}
        name="frequency"
        value={frequency}
        onChange={(event) => setFrequency(event.target.value)}
        error={errors.frequency}
        options={[
          { value: "weekly", label: "Weekly" },
          { value: "daily", label: "Daily" },
          { value: "hourly", label: "Hourly" },
          { value: "cron", label: "Cron expression" },
        ]}
      />
      {frequency === "weekly" ? <SelectField label={LABELS.weekday} name="weekday" defaultValue={values.weekday} error={errors.weekday} options={WEEKDAYS.map((day, index) => ({ value: String(index), label: day }))} /> : null}
      {frequency === "weekly" || frequency === "daily" ? <TextField label={LABELS.time} name="time" type="time" defaultValue={values.time} error={errors.time} hint="24-hour clock, in the time zone below." /> : null}
      {frequency === "hourly" ? <TextField label={LABELS.minute} name="minute" type="number" min={0} max={59} defaultValue={values.minute} error={errors.minute} /> : null}
      {frequency === "cron" ? (
        <TextField label={LABELS.cron} name="cron" defaultValue={values.cron} error={errors.cron} hint="Five fields: minute hour day-of-month month day-of-week, e.g. 0 6 * * 1-5." autoComplete="off" spellCheck={false} />
      ) : null}
      <TextField label={LABELS.timezone} name="timezone" defaultValue={values.timezone} error={errors.timezone} hint="An IANA time zone such as Europe/Berlin or UTC." autoComplete="off" required />
      <Button type="submit" disabled={pending || sessions.length === 0}>
        {pending ? "Adding…" : "Add schedule"}
      </Button>
    </form>
  );
}
