/**
 * Retention settings, shared by the API, the forms and the pruner. Each setting is a whole
 * number or null (no limit); a project's null falls back to the instance default.
 */
import { z } from "zod";
import { strictNumber } from "@/lib/input";

const limit = (field: string, max: number) =>
  strictNumber(z.number({ error: `${field} must be a whole number or null.` }).int(`${field} must be a whole number.`).min(1, `${field} is at least 1.`).max(max, `${field} is at most ${max}.`)).nullable();

export const retentionFields = {
  /** Keep each session's newest N runs. */
  keepRuns: limit("keepRuns", 100_000),
  /** Keep runs that ended within the last D days. */
  keepDays: limit("keepDays", 36_500),
  /** Remove screenshots of runs that ended more than S days ago; their findings follow the rules above. */
  screenshotDays: limit("screenshotDays", 36_500),
};

export const retentionSettingsSchema = z.object(retentionFields);
export type RetentionSettings = z.output<typeof retentionSettingsSchema>;

export const updateRetentionSchema = z
  .strictObject({
    keepRuns: retentionFields.keepRuns.optional(),
    keepDays: retentionFields.keepDays.optional(),
    screenshotDays: retentionFields.screenshotDays.optional(),
  });
export type UpdateRetentionInput = z.input<typeof updateRetentionSchema>;

export const NO_RETENTION: RetentionSettings = { keepRuns: null, keepDays: null, screenshotDays: null };

/** The project's own value where it set one, else the instance default. */
export function effectiveRetention(project: RetentionSettings, instance: RetentionSettings): RetentionSettings {
  return {
    keepRuns: project.keepRuns ?? instance.keepRuns,
    keepDays: project.keepDays ?? instance.keepDays,
    screenshotDays: project.screenshotDays ?? instance.screenshotDays,
  };
}

/** A sentence for the pages: what the settings keep. */
export function describeRetention(settings: RetentionSettings): string {
  const parts: string[] = [];
  if (settings.keepRuns !== null) parts.push(`each session's newest ${settings.keepRuns} run${settings.keepRuns === 1 ? "" : "s"}`);
  if (settings.keepDays !== null) parts.push(`runs that ended within ${settings.keepDays} day${settings.keepDays === 1 ? "" : "s"}`);
  const runs = parts.length === 0 ? "Every run is kept" : `Keeps ${parts.join(" and ")} (a session's latest run always stays)`;
  const shots = settings.screenshotDays === null ? "" : `; screenshots go after ${settings.screenshotDays} day${settings.screenshotDays === 1 ? "" : "s"}`;
  return `${runs}${shots}.`;
}

/** A form's fields as the update schema takes them: an empty field is null. */
export function retentionFromForm(values: Record<string, string | undefined>): UpdateRetentionInput {
  const field = (value: string | undefined) => (value === undefined || value.trim() === "" ? null : value);
  return { keepRuns: field(values.keepRuns), keepDays: field(values.keepDays), screenshotDays: field(values.screenshotDays) };
}
