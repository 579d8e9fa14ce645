"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { AUTH_CONFIG_FIELD_LABELS } from "@/components/auth-configs/labels";
import { createAuthConfig, deleteAuthConfig, updateAuthConfig } from "@/lib/auth-configs/mutations";
import { authConfigFormFieldErrors as formFieldErrors, authConfigInputFromForm as authConfigInput } from "@/lib/auth-configs/form";
import { formatStepLines, type CustomStep } from "@/lib/auth-configs/schema";
import { requirePageUser } from "@/lib/auth/page";
import { editFormState, staleEditFormState } from "@/lib/concurrency/edit-form-state";
import { formValues, type FormState } from "@/lib/forms";

/** A typed secret replaces the stored one; an empty field keeps it unless "clear" is ticked. */
function secretFrom(formData: FormData, values: Record<string, string>, field: "secret" | "totpSecret" = "secret"): string | null | undefined {
  const typed = formData.get(field);
  if (typeof typed === "string" && typed !== "") return typed;
  return values[field === "secret" ? "clearSecret" : "clearTotpSecret"] === "on" ? null : undefined;
}

const SECRET_FIELDS = ["secret", "totpSecret"];

export async function createAuthConfigAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("auth-configs:manage");
  const values = formValues(formData, SECRET_FIELDS);
  let id: string;
  try {
    const secret = secretFrom(formData, values);
    const totpSecret = secretFrom(formData, values, "totpSecret");
    id = (await createAuthConfig(actor, { ...authConfigInput(values), ...(secret ? { secret } : {}), ...(totpSecret ? { totpSecret } : {}) })).id;
  } catch (error) {
    const state = editFormState(error, values);
    return { ...state, fieldErrors: formFieldErrors(state.fieldErrors) };
  }
  revalidatePath("/admin/auth-configs");
  redirect(`/admin/auth-configs/${id}?saved=1`);
}

export async function updateAuthConfigAction(authConfigId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("auth-configs:manage");
  const values = formValues(formData, SECRET_FIELDS);
  try {
    const secret = secretFrom(formData, values);
    const totpSecret = secretFrom(formData, values, "totpSecret");
    await updateAuthConfig(actor, authConfigId, {
      ...authConfigInput(values),
      ...(secret === undefined ? {} : { secret }),
      ...(totpSecret === undefined ? {} : { totpSecret }),
      expectedUpdatedAt: values.expectedUpdatedAt ?? "",
    });
  } catch (error) {
    const stale = staleEditFormState(error, values, {
      what: "auth config",
      labels: AUTH_CONFIG_FIELD_LABELS,
      show: (field, current) =>
        field === "secret" || field === "totpSecret"
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
