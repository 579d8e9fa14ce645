/**
 * Scheduled scans: a five-field cron expression read in an IANA time zone (croner parses it and
 * finds the next tick), and the friendlier forms the UI offers, which compile to cron.
 */
import { Cron } from "croner";
import { z } from "zod";

/** Whether the runtime knows the zone (Intl's own list misses aliases such as "UTC"). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Why a cron expression cannot be used, or null. Seconds are not offered: a scan takes minutes. */
export function cronProblem(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return "Use five fields: minute hour day-of-month month day-of-week (e.g. \"0 6 * * 1\").";
  try {
    new Cron(cron, { paused: true });
    return null;
  } catch (error) {
    return `Not a valid cron expression: ${error instanceof Error ? error.message.replace(/^CronPattern: /, "") : String(error)}.`;
  }
}

/** The first tick strictly after `after`, or null when the expression never fires again. */
export function nextTick(cron: string, timezone: string, after: Date): Date | null {
  return new Cron(cron, { timezone, paused: true }).nextRun(after);
}

const cronField = z
  .string()
  .trim()
  .min(1, "Enter a cron expression.")
  .max(120, "A cron expression is at most 120 characters.")
  .superRefine((value, context) => {
    const problem = cronProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

const timezoneField = z
  .string()
  .trim()
  .min(1, "Choose a time zone.")
  .refine(isTimeZone, "Not a known IANA time zone (e.g. Europe/Berlin, UTC).");

export const createScheduleSchema = z.strictObject({
  sessionId: z.uuid("sessionId must be a UUID."),
  cron: cronField,
  timezone: timezoneField.default("UTC"),
  enabled: z.boolean("enabled must be true or false.").default(true),
});
export type CreateScheduleInput = z.input<typeof createScheduleSchema>;

export const updateScheduleSchema = z
  .strictObject({
    cron: cronField.optional(),
    timezone: timezoneField.optional(),
    enabled: z.boolean("enabled must be true or false.").optional(),
  })
  .refine((value) => Object.keys(value).length > 0, "Send at least one of cron, timezone, enabled.");
export type UpdateScheduleInput = z.input<typeof updateScheduleSchema>;

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/** The UI's forms: "hourly at :15", "daily at 06:00", "weekly on Monday 06:00", or raw cron. */
export const scheduleFormSchema = z.discriminatedUnion("frequency", [
  z.object({ frequency: z.literal("hourly"), minute: z.coerce.number("Enter a minute.").int().min(0, "Minute is 0–59.").max(59, "Minute is 0–59.") }),
  z.object({ frequency: z.literal("daily"), time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter a time as HH:MM (24-hour).") }),
  z.object({
    frequency: z.literal("weekly"),
    weekday: z.coerce.number().int().min(0).max(6, "Choose a day of the week."),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter a time as HH:MM (24-hour)."),
  }),
  z.object({ frequency: z.literal("cron"), cron: z.string() }),
]);
export type ScheduleForm = z.infer<typeof scheduleFormSchema>;

export function cronFromForm(form: ScheduleForm): string {
  switch (form.frequency) {
    case "hourly":
      return `${form.minute} * * * *`;
    case "daily": {
      const [hour, minute] = form.time.split(":").map(Number);
      return `${minute} ${hour} * * *`;
    }
    case "weekly": {
      const [hour, minute] = form.time.split(":").map(Number);
      return `${minute} ${hour} * * ${form.weekday}`;
    }
    case "cron":
      return form.cron.trim();
  }
}

/** Words for the common shapes cronFromForm writes; other expressions are shown as they are. */
export function describeCron(cron: string): string {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = cron.trim().split(/\s+/);
  const pad = (value: string) => value.padStart(2, "0");
  const plain = (value: string | undefined) => value !== undefined && /^\d+$/.test(value);
  if (plain(minute) && hour === "*" && dayOfMonth === "*" && month === "*" && dayOfWeek === "*") return `Hourly at :${pad(minute!)}`;
  if (plain(minute) && plain(hour) && dayOfMonth === "*" && month === "*") {
    const time = `${pad(hour!)}:${pad(minute!)}`;
    if (dayOfWeek === "*") return `Daily at ${time}`;
    if (plain(dayOfWeek)) {
      const day = WEEKDAYS[Number(dayOfWeek) % 7];
      if (day) return `Weekly on ${day} at ${time}`;
    }
  }
  return `Cron ${cron}`;
}
