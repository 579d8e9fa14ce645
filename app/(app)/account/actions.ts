"use server";

import { revalidatePath } from "next/cache";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/mutations";
import { requirePageUser } from "@/lib/auth/page";
import { renewSessionCookie } from "@/lib/auth/session-cookie";
import { changeOwnPassword } from "@/lib/users/mutations";
import { formStateFromError } from "@/lib/form-errors";
import { formValues, type FormState } from "@/lib/forms";

export type CreateTokenState = FormState & { token?: string };

export async function createTokenAction(_previous: CreateTokenState, formData: FormData): Promise<CreateTokenState> {
  const user = await requirePageUser("tokens:own");
  const values = formValues(formData);
  try {
    const created = await createApiToken(user, { name: values.name ?? "", expiresInDays: values.expiresInDays || undefined });
    revalidatePath("/account");
    return { ok: true, message: `Token “${created.name}” created. Copy it now: it is not shown again.`, token: created.token };
  } catch (error) {
    return formStateFromError(error, values);
  }
}

export async function revokeTokenAction(tokenId: string): Promise<void> {
  const user = await requirePageUser("tokens:own");
  await revokeApiToken(user, tokenId);
  revalidatePath("/account");
}

/** Changes the signed-in user's password; this browser stays signed in, other sessions end, API tokens are revoked. */
export async function changePasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await requirePageUser("tokens:own");
  const values = formValues(formData, ["currentPassword", "newPassword"]);
  try {
    const result = await changeOwnPassword(user, {
      currentPassword: String(formData.get("currentPassword") ?? ""),
      newPassword: String(formData.get("newPassword") ?? ""),
    });
    await renewSessionCookie(user, result.sessionVersion);
    revalidatePath("/account");
    const tokens = result.tokensRevoked > 0 ? ` ${result.tokensRevoked} API token${result.tokensRevoked === 1 ? " was" : "s were"} revoked.` : "";
    return { ok: true, message: `Password changed. Your other sessions have ended.${tokens}` };
  } catch (error) {
    return formStateFromError(error, values);
  }
}
