"use server";

import { revalidatePath } from "next/cache";
import { requirePageUser } from "@/lib/auth/page";
import { formStateFromError } from "@/lib/form-errors";
import { formValues, type FormState } from "@/lib/forms";
import { createEmailAlert, createWebhook, deleteEmailAlert, deleteWebhook } from "@/lib/notifications/mutations";
import { createSchedule, deleteSchedule, updateSchedule } from "@/lib/schedules/mutations";
import { cronFromForm, scheduleFormSchema } from "@/lib/schedules/schema";
import { fieldErrorsFromZod } from "@/lib/errors";

export async function createScheduleAction(projectId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("schedules:write");
  const values = formValues(formData);
  const form = scheduleFormSchema.safeParse(values);
  if (!form.success) return { ok: false, message: "There is a problem with the schedule", fieldErrors: fieldErrorsFromZod(form.error), values };
  try {
    await createSchedule(actor, projectId, { sessionId: values.sessionId ?? "", cron: cronFromForm(form.data), timezone: values.timezone ?? "UTC", enabled: true });
  } catch (error) {
    return formStateFromError(error, values);
  }
  revalidatePath(`/projects/${projectId}`);
  return { ok: true, message: "Schedule added." };
}

export async function toggleScheduleAction(projectId: string, scheduleId: string, enabled: boolean): Promise<void> {
  const actor = await requirePageUser("schedules:write");
  await updateSchedule(actor, scheduleId, { enabled });
  revalidatePath(`/projects/${projectId}`);
}

export async function deleteScheduleAction(projectId: string, scheduleId: string): Promise<void> {
  const actor = await requirePageUser("schedules:write");
  await deleteSchedule(actor, scheduleId);
  revalidatePath(`/projects/${projectId}`);
}

function thresholdValue(value: string | undefined): number | null | undefined {
  if (!value || value.trim() === "") return undefined;
  return Number(value);
}

export async function createWebhookAction(projectId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("notifications:manage");
  const values = formValues(formData, ["secret", "url"]);
  try {
    await createWebhook(actor, projectId, {
      url: String(formData.get("url") ?? ""),
      secret: String(formData.get("secret") ?? ""),
      events: formData.getAll("events").map(String) as never,
      threshold: thresholdValue(values.threshold),
    });
  } catch (error) {
    return formStateFromError(error, values);
  }
  revalidatePath(`/projects/${projectId}`);
  return { ok: true, message: "Webhook added." };
}

export async function createEmailAlertAction(projectId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("notifications:manage");
  const values = formValues(formData);
  try {
    await createEmailAlert(actor, projectId, {
      recipients: (values.recipients ?? "").split(/[\s,;]+/).filter(Boolean),
      events: formData.getAll("events").map(String) as never,
      threshold: thresholdValue(values.threshold),
    });
  } catch (error) {
    return formStateFromError(error, values);
  }
  revalidatePath(`/projects/${projectId}`);
  return { ok: true, message: "Email alert added." };
}

export async function deleteWebhookAction(projectId: string, webhookId: string): Promise<void> {
  const actor = await requirePageUser("notifications:manage");
  await deleteWebhook(actor, webhookId);
  revalidatePath(`/projects/${projectId}`);
}

export async function deleteEmailAlertAction(projectId: string, alertId: string): Promise<void> {
  const actor = await requirePageUser("notifications:manage");
  await deleteEmailAlert(actor, alertId);
  revalidatePath(`/projects/${projectId}`);
}
