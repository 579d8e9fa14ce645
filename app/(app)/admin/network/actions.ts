"use server";

import { revalidatePath } from "next/cache";
import { requirePageUser } from "@/lib/auth/page";
import { formStateFromError } from "@/lib/form-errors";
import { formValues, type FormState } from "@/lib/forms";
import { updateNetworkRules } from "@/lib/network/rules";

export async function updateNetworkRulesAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("network-policy:manage");
  const values = formValues(formData);
  try {
    await updateNetworkRules(actor, { rules: String(formData.get("rules") ?? "") });
  } catch (error) {
    return formStateFromError(error, values);
  }
  revalidatePath("/admin/network");
  return { ok: true, message: "Rules saved. Scan workers apply them within 30 seconds." };
}
