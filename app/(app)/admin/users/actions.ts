"use server";

import { revalidatePath } from "next/cache";
import { requirePageUser } from "@/lib/auth/page";
import { formStateFromError } from "@/lib/form-errors";
import { formValues, type FormState } from "@/lib/forms";
import { createUser, resetPassword, updateUser } from "@/lib/users/mutations";

export async function createUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("users:manage");
  const values = formValues(formData, ["password"]);
  try {
    const user = await createUser(actor, {
      email: values.email ?? "",
      name: values.name ?? "",
      role: (values.role ?? "") as "VIEWER",
      password: String(formData.get("password") ?? ""),
    });
    revalidatePath("/admin/users");
    return { ok: true, message: `Created ${user.email} (${user.role.toLowerCase()}).` };
  } catch (error) {
    return formStateFromError(error, values);
  }
}

export async function updateUserAction(userId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("users:manage");
  const values = formValues(formData);
  try {
    const change =
      values.intent === "disable" ? { disabled: true } : values.intent === "enable" ? { disabled: false } : { role: (values.role ?? "") as "VIEWER" };
    const user = await updateUser(actor, userId, change);
    revalidatePath(`/admin/users/${userId}`);
    revalidatePath("/admin/users");
    return { ok: true, message: `Saved: ${user.email} is ${user.disabled ? "disabled" : "active"}, role ${user.role.toLowerCase()}.` };
  } catch (error) {
    return formStateFromError(error, values);
  }
}

export async function resetPasswordAction(userId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("users:manage");
  try {
    const { tokensRevoked } = await resetPassword(actor, userId, { password: String(formData.get("password") ?? "") });
    const tokens = tokensRevoked === 1 ? " 1 API token was revoked." : tokensRevoked > 1 ? ` ${tokensRevoked} API tokens were revoked.` : "";
    return { ok: true, message: `Password changed. The user's existing sessions have ended.${tokens}` };
  } catch (error) {
    return formStateFromError(error);
  }
}
