"use client";

import { useActionState } from "react";
import { initialFormState, type FormState } from "@/lib/forms";

/**
 * A server-action form's state with the values to show (what the user submitted over the
 * record's own), its field errors, and a key for the <form>. React resets a form after its
 * action runs; re-mounting it under a new key is what makes every field, selects included,
 * show the returned values instead of their first option.
 */
export function useFormAction(action: (state: FormState, formData: FormData) => Promise<FormState>, initial: object) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  const values: Record<string, string | undefined> = { ...(initial as Record<string, string | undefined>), ...state.values };
  const errors = state.fieldErrors ?? {};
  const formKey = JSON.stringify([state.message ?? "", state.values ?? {}]);
  return { state, formAction, pending, values, errors, formKey };
}
