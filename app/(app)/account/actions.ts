"use server";

import { revalidatePath } from "next/cache";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/mutations";
import { requirePageUser } from "@/lib/auth/page";
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
