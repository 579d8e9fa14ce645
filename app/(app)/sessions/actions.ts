"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { SESSION_FIELD_LABELS } from "@/components/sessions/labels";
import { requirePageUser } from "@/lib/auth/page";
import { editFormState, staleEditFormState } from "@/lib/concurrency/edit-form-state";
import { formValues, type FormState } from "@/lib/forms";
import { createSession, duplicateSession, updateSession } from "@/lib/sessions/mutations";
import { getSession } from "@/lib/sessions/queries";
import { parseScopeLines, type CreateSessionInput, type SessionScope } from "@/lib/sessions/schema";

function sessionInput(values: Record<string, string>) {
  const startUrl = values.startUrl?.trim();
  const scope = {
    urls: parseScopeLines(values.scopeUrls ?? ""),
    ...(startUrl ? { startUrl, ...(values.maxPages?.trim() ? { maxPages: values.maxPages.trim() } : {}) } : {}),
  };
  return {
    name: values.name ?? "",
    description: values.description ?? "",
    approach: values.approach,
    wcagVersion: values.wcagVersion,
    wcagLevel: values.wcagLevel,
    scope,
    authConfigId: values.authConfigId ?? "",
  } as CreateSessionInput;
}

/** The API reports scope problems by path (scope.urls.3); the form has one field per part. */
function formFieldErrors(fields: Record<string, string[]> | undefined) {
  if (!fields) return undefined;
  const mapped: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(fields)) {
    const line = key.match(/^scope\.urls\.(\d+)$/);
    const target = key === "scope.startUrl" ? "startUrl" : key === "scope.maxPages" ? "maxPages" : key.startsWith("scope") ? "scopeUrls" : key;
    const prefixed = line ? messages.map((message) => `Line ${Number(line[1]) + 1}: ${message}`) : messages;
    (mapped[target] ??= []).push(...prefixed);
  }
  return mapped;
}

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
    const input = sessionInput(values);
    // Crawl settings the form does not show (depth, filters, sitemap) keep their stored values.
    const { urls: _urls, startUrl: _startUrl, ...stored } = (await getSession(sessionId)).scope;
    const scope = { ...stored, ...input.scope };
    await updateSession(actor, sessionId, { ...input, scope, expectedUpdatedAt: values.expectedUpdatedAt ?? "" });
  } catch (error) {
    const stale = staleEditFormState(error, values, {
      what: "session",
      labels: { ...SESSION_FIELD_LABELS, scope: SESSION_FIELD_LABELS.scopeUrls! },
      show: (field, current) =>
        field === "scope" ? scopeText(current.scope as SessionScope) : field === "authConfigId" ? String((current.authConfig as { name?: string } | null)?.name ?? "none") : String(current[field] ?? ""),
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
