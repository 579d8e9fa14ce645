"use server";

import { revalidatePath } from "next/cache";
import { requirePageUser } from "@/lib/auth/page";
import { addCriterionInstance, deleteCriterionInstance, setCheckedRequirements, setCriterionOutcome } from "@/lib/audits/mutations";
import { OUTCOME_LABELS, type CriterionOutcomeName } from "@/lib/audits/schema";
import { editFormState, staleEditFormState } from "@/lib/concurrency/edit-form-state";
import { formStateFromError } from "@/lib/form-errors";
import { formValues, type FormState } from "@/lib/forms";

/** The form sends "none" for a criterion that had no verdict when the page was read. */
const NO_VERSION = "none";

function revalidate(sessionId: string, criterion: string) {
  revalidatePath(`/sessions/${sessionId}/criteria`);
  revalidatePath(`/sessions/${sessionId}/criteria/${criterion}`);
}

export async function recordOutcomeAction(sessionId: string, criterion: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("audits:record");
  const values = formValues(formData);
  let saved;
  try {
    saved = await setCriterionOutcome(actor, sessionId, criterion, {
      outcome: values.outcome as CriterionOutcomeName,
      notes: values.notes ?? "",
      expectedUpdatedAt: !values.expectedUpdatedAt || values.expectedUpdatedAt === NO_VERSION ? null : values.expectedUpdatedAt,
    });
  } catch (error) {
    const stale = staleEditFormState(error, values, {
      what: "criterion",
      labels: { outcome: "Outcome", notes: "Remarks" },
      show: (field, current) => (field === "outcome" ? OUTCOME_LABELS[current.outcome as CriterionOutcomeName] : String(current[field] ?? "")),
    });
    return stale ?? editFormState(error, values);
  }
  revalidate(sessionId, criterion);
  return {
    ok: true,
    message: `Saved: ${criterion} ${OUTCOME_LABELS[saved.outcome]}.`,
    values: { outcome: saved.outcome, notes: saved.notes ?? "", expectedUpdatedAt: saved.updatedAt ?? NO_VERSION },
  };
}

export async function checkRequirementsAction(sessionId: string, criterion: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("audits:record");
  const requirements = formData.getAll("requirements").filter((value): value is string => typeof value === "string");
  try {
    const saved = await setCheckedRequirements(actor, sessionId, criterion, { requirements });
    revalidate(sessionId, criterion);
    return { ok: true, message: `${saved.checkedRequirements.length} test requirement${saved.checkedRequirements.length === 1 ? "" : "s"} checked.` };
  } catch (error) {
    return formStateFromError(error);
  }
}

export async function addInstanceAction(sessionId: string, criterion: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("audits:record");
  const values = formValues(formData);
  const file = formData.get("screenshot");
  try {
    const screenshot = file && typeof file !== "string" && file.size > 0 ? { data: new Uint8Array(await file.arrayBuffer()), declaredType: file.type } : undefined;
    await addCriterionInstance(actor, sessionId, criterion, { pageUrl: values.pageUrl ?? "", selector: values.selector, description: values.description ?? "" }, screenshot);
  } catch (error) {
    return editFormState(error, values);
  }
  revalidate(sessionId, criterion);
  return { ok: true, message: "Failure instance added." };
}

export async function deleteInstanceAction(sessionId: string, criterion: string, instanceId: string, _previous: FormState): Promise<FormState> {
  const actor = await requirePageUser("audits:record");
  try {
    await deleteCriterionInstance(actor, sessionId, instanceId);
  } catch (error) {
    return formStateFromError(error);
  }
  revalidate(sessionId, criterion);
  return { ok: true, message: "Failure instance removed." };
}
