"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { SESSION_FIELD_LABELS } from "@/components/sessions/labels";
import { requirePageUser } from "@/lib/auth/page";
import { editFormState, staleEditFormState } from "@/lib/concurrency/edit-form-state";
import { formStateFromError } from "@/lib/form-errors";
import { formValues, type FormState } from "@/lib/forms";
import { deleteRun, deleteSession } from "@/lib/runs/mutations";
import { createSession, duplicateSession, updateSession } from "@/lib/sessions/mutations";
import { sessionFormFieldErrors as formFieldErrors, sessionInputFromForm as sessionInput } from "@/lib/sessions/form";
import type { SessionScope } from "@/lib/sessions/schema";

function scopeText(scope: SessionScope): string {
  return scope.urls.join("\n");
}

export async function createSessionAction(projectId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("sessions:write");
  const values = formValues(formData);
  let id: string;
  try {
    id = (await createSession(actor, projectId, sessionInput(values))).id;
  } catch (error) {
    const state = editFormState(error, values);
    return { ...state, fieldErrors: formFieldErrors(state.fieldErrors) };
  }
  revalidatePath(`/projects/${projectId}`);
  redirect(`/sessions/${id}`);
}

export async function updateSessionAction(sessionId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("sessions:write");
  const values = formValues(formData);
  try {
    await updateSession(actor, sessionId, { ...sessionInput(values), expectedUpdatedAt: values.expectedUpdatedAt ?? "" });
  } catch (error) {
    const stale = staleEditFormState(error, values, {
      what: "session",
      labels: { ...SESSION_FIELD_LABELS, scope: SESSION_FIELD_LABELS.scopeUrls! },
      show: (field, current) =>
        field === "scope" ? scopeText(current.scope as SessionScope) : field === "authConfigId" ? String((current.authConfig as { name?: string } | null)?.name ?? "the project's default") : field === "authMode" ? (current.authMode === "none" ? "sign-in turned off" : "sign in") : String(current[field] ?? ""),
    });
    if (stale) return { ...stale, fieldErrors: formFieldErrors(stale.fieldErrors) };
    const state = editFormState(error, values);
    return { ...state, fieldErrors: formFieldErrors(state.fieldErrors) };
  }
  revalidatePath(`/sessions/${sessionId}`);
  redirect(`/sessions/${sessionId}`);
}

export async function duplicateSessionAction(sessionId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("sessions:write");
  const values = formValues(formData);
  let id: string;
  try {
    id = (await duplicateSession(actor, sessionId, values.name?.trim() ? { name: values.name } : {})).id;
  } catch (error) {
    return editFormState(error, values);
  }
  redirect(`/sessions/${id}`);
}

/** Manual sessions move through their lifecycle by hand. */
export async function changeSessionStatusAction(sessionId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("sessions:write");
  const values = formValues(formData);
  try {
    const session = await updateSession(actor, sessionId, {
      status: values.status as "queued",
      expectedUpdatedAt: values.expectedUpdatedAt ?? "",
    });
    revalidatePath(`/sessions/${sessionId}`);
    return { ok: true, message: `The session is now ${session.status}.` };
  } catch (error) {
    return editFormState(error, values);
  }
}

/** Deletes one run after the dialog that named what goes was confirmed; 409 while it is active. */
export async function deleteRunAction(sessionId: string, runId: string): Promise<FormState> {
  const actor = await requirePageUser("results:delete");
  let number: number;
  try {
    number = (await deleteRun(actor, runId)).number;
  } catch (error) {
    return formStateFromError(error);
  }
  revalidatePath(`/sessions/${sessionId}`);
  // The deleted run's row (and its dialog) leave the page: the page itself says what happened.
  redirect(`/sessions/${sessionId}?deletedRun=${number}`);
}

/** Deletes the session with its runs after the confirmation; back to its project. */
export async function deleteSessionAction(sessionId: string): Promise<FormState> {
  const actor = await requirePageUser("results:delete");
  let projectId: string;
  try {
    projectId = (await deleteSession(actor, sessionId)).projectId;
  } catch (error) {
    return formStateFromError(error);
  }
  revalidatePath(`/projects/${projectId}`);
  redirect(`/projects/${projectId}`);
}
