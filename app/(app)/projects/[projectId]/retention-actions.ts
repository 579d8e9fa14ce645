"use server";

import { revalidatePath } from "next/cache";
import { requirePageUser } from "@/lib/auth/page";
import { formStateFromError } from "@/lib/form-errors";
import { formValues, type FormState } from "@/lib/forms";
import { updateProjectRetention } from "@/lib/retention/mutations";
import { retentionFromForm } from "@/lib/retention/schema";

export async function updateProjectRetentionAction(projectId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("retention:manage");
  const values = formValues(formData);
  try {
    await updateProjectRetention(actor, projectId, retentionFromForm(values));
  } catch (error) {
    return formStateFromError(error, values);
  }
  revalidatePath(`/projects/${projectId}`);
  return { ok: true, message: "Retention saved." };
}
