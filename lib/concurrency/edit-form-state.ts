/**
 * Turns a stale-edit refusal into what an edit form shows: the fields someone else changed,
 * each with its new saved value, the user's own values kept, and the form moved onto the
 * current version so that saving again deliberately replaces the other person's changes.
 */
import { AppError } from "@/lib/errors";
import { formStateFromError } from "@/lib/form-errors";
import type { FormState } from "@/lib/forms";

export function staleEditFormState(
  error: unknown,
  values: Record<string, string>,
  options: { what: string; labels: Record<string, string>; show: (field: string, current: Record<string, unknown>) => string | undefined },
): FormState | null {
  if (!(error instanceof AppError) || error.details.reason !== "stale") return null;
  const current = error.details.current as Record<string, unknown> & { updatedAt: Date };
  const changed = (error.details.changedFields as string[] | undefined) ?? [];
  const fieldErrors: Record<string, string[]> = {};
  for (const field of changed) {
    if (!(field in options.labels)) continue;
    const shown = options.show(field, current);
    fieldErrors[field] = [`Someone else changed this to: ${shown === undefined || shown === "" ? "(empty)" : shown}. Your value is kept below.`];
  }
  const names = changed.map((field) => options.labels[field] ?? field);
  return {
    ok: false,
    message:
      `Someone else saved this ${options.what} while you were editing` +
      (names.length > 0 ? ` (changed: ${names.join(", ")}).` : ".") +
      " Check the marked fields, then save again to keep your version.",
    fieldErrors,
    values: { ...values, expectedUpdatedAt: new Date(current.updatedAt).toISOString() },
  };
}

/**
 * The state a create/edit form shows for any other error. Generic validation messages name
 * fields by their API paths ("check primaryUrl"); a form's summary says it in words instead,
 * since each field's own message follows in the list. Specific messages are kept.
 */
export function editFormState(error: unknown, values: Record<string, string>): FormState {
  const state = formStateFromError(error, values);
  const count = Object.keys(state.fieldErrors ?? {}).length;
  const generic = state.message === undefined || state.message.startsWith("Invalid ") || state.message === "Some fields are invalid.";
  if (count === 0 || !generic) return state;
  return { ...state, message: count === 1 ? "There is a problem with 1 field." : `There are problems with ${count} fields.` };
}
