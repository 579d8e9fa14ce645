"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { AUTH_CONFIG_FIELD_LABELS } from "@/components/auth-configs/labels";
import { createAuthConfig, deleteAuthConfig, updateAuthConfig } from "@/lib/auth-configs/mutations";
import { formatStepLines, parseStepLines, type CreateAuthConfigInput, type CustomStep } from "@/lib/auth-configs/schema";
import { requirePageUser } from "@/lib/auth/page";
import { editFormState, staleEditFormState } from "@/lib/concurrency/edit-form-state";
import { formValues, type FormState } from "@/lib/forms";

function settingsFor(type: string | undefined, values: Record<string, string>) {
  switch (type) {
    case "form":
      return {
        usernameSelector: values["settings.usernameSelector"] ?? "",
        passwordSelector: values["settings.passwordSelector"] ?? "",
        submitSelector: values["settings.submitSelector"] ?? "",
        successCheck: { kind: values["settings.successCheck.kind"] ?? "", value: values["settings.successCheck.value"] ?? "" },
      };
    case "api_key":
      return { headerName: values["settings.headerName"] ?? "" };
    case "custom":
      return { steps: parseStepLines(values["settings.steps"] ?? "") };
    default:
      return {};
  }
}

function authConfigInput(values: Record<string, string>) {
  return {
    name: values.name ?? "",
    type: values.type,
    domain: values.domain ?? "",
    url: values.url ?? "",
    loginPage: values.loginPage ?? "",
    username: values.username ?? "",
    status: values.status,
    projectId: values.projectId ?? "",
    settings: settingsFor(values.type, values),
  } as CreateAuthConfigInput;
}

/** A typed secret replaces the stored one; an empty field keeps it unless "clear" is ticked. */
function secretFrom(formData: FormData, values: Record<string, string>): string | null | undefined {
  const typed = formData.get("secret");
  if (typeof typed === "string" && typed !== "") return typed;
  return values.clearSecret === "on" ? null : undefined;
}

function formFieldErrors(fields: Record<string, string[]> | undefined) {
  if (!fields) return undefined;
  const mapped: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(fields)) {
    const step = key.match(/^settings\.steps\.(\d+)/);
    const target = step ? "settings.steps" : key === "settings.successCheck" ? "settings.successCheck.value" : key;
    (mapped[target] ??= []).push(...(step ? messages.map((message) => `Line ${Number(step[1]) + 1}: ${message}`) : messages));
  }
  return mapped;
}

export async function createAuthConfigAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("auth-configs:manage");
  const values = formValues(formData, ["secret"]);
  let id: string;
  try {
    const secret = secretFrom(formData, values);
    id = (await createAuthConfig(actor, { ...authConfigInput(values), ...(secret ? { secret } : {}) })).id;
  } catch (error) {
    const state = editFormState(error, values);
    return { ...state, fieldErrors: formFieldErrors(state.fieldErrors) };
  }
  revalidatePath("/admin/auth-configs");
  redirect(`/admin/auth-configs/${id}?saved=1`);
}

export async function updateAuthConfigAction(authConfigId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("auth-configs:manage");
  const values = formValues(formData, ["secret"]);
  try {
    const secret = secretFrom(formData, values);
    await updateAuthConfig(actor, authConfigId, {
      ...authConfigInput(values),
      ...(secret === undefined ? {} : { secret }),
      expectedUpdatedAt: values.expectedUpdatedAt ?? "",
    });
  } catch (error) {
    const stale = staleEditFormState(error, values, {
      what: "auth config",
      labels: AUTH_CONFIG_FIELD_LABELS,
      show: (field, current) =>
        field === "secret"
          ? "a new secret (not shown)"
          : field === "settings"
            ? current.type === "custom"
              ? formatStepLines(((current.settings as { steps?: CustomStep[] }).steps ?? []) as CustomStep[])
              : JSON.stringify(current.settings)
            : String(current[field] ?? ""),
    });
    if (stale) return { ...stale, fieldErrors: formFieldErrors(stale.fieldErrors) };
    const state = editFormState(error, values);
    return { ...state, fieldErrors: formFieldErrors(state.fieldErrors) };
  }
  revalidatePath("/admin/auth-configs");
  revalidatePath(`/admin/auth-configs/${authConfigId}`);
  redirect(`/admin/auth-configs/${authConfigId}?saved=1`);
}

export async function deleteAuthConfigAction(authConfigId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("auth-configs:manage");
  const values = formValues(formData);
  try {
    await deleteAuthConfig(actor, authConfigId);
  } catch (error) {
    return editFormState(error, values);
  }
  revalidatePath("/admin/auth-configs");
  redirect("/admin/auth-configs?deleted=1");
}
