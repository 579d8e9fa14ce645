"use server";

import { revalidatePath } from "next/cache";
import { requirePageUser } from "@/lib/auth/page";
import { formStateFromError } from "@/lib/form-errors";
import { formValues, type FormState } from "@/lib/forms";
import { updateInstanceRetention } from "@/lib/retention/mutations";
import { retentionFromForm } from "@/lib/retention/schema";

export async function updateInstanceRetentionAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("retention:manage");
  const values = formValues(formData);
  try {
    await updateInstanceRetention(actor, retentionFromForm(values));
  } catch (error) {
    return formStateFromError(error, values);
  }
  revalidatePath("/admin/storage");
  return { ok: true, message: "Default retention saved." };
}
