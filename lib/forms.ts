/**
 * The state a server-action form round-trips: field errors in the same shape as the API's
 * error body, a message, and the submitted values so nothing the user typed is lost.
 * Client-safe: client components import the type and the initial state from here; server
 * actions turn errors into a state with lib/form-errors.ts.
 */
export type FormState = {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
};

export const initialFormState: FormState = {};

/** Form values as strings, without the named (secret) fields, for re-filling the form after an error. */
export function formValues(formData: FormData, omit: string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$") && !omit.includes(key)) values[key] = value;
  }
  return values;
}
