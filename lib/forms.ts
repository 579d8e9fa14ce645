/**
 * The state a server-action form round-trips: field errors in the same shape as the API's
 * error body, a message, and the submitted values so nothing the user typed is lost.
 */
import { toAppError } from "@/lib/errors";
import { describeError, logger } from "@/lib/logger";

export type FormState = {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
};

export const initialFormState: FormState = {};

/** Form values as strings, without secrets, for re-filling the form after an error. */
export function formValues(formData: FormData, omit: string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$") && !omit.includes(key)) values[key] = value;
  }
  return values;
}

export function formStateFromError(error: unknown, values?: Record<string, string>): FormState {
  const appError = toAppError(error);
  if (appError.code === "internal") logger.error("Unhandled error in form action", describeError(error));
  return { ok: false, message: appError.message, fieldErrors: appError.details.fields, values };
}
