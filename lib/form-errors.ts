import { toAppError } from "@/lib/errors";
import type { FormState } from "@/lib/forms";
import { describeError, logger } from "@/lib/logger";

/** Server-side: any error thrown by a lib/ function, as the state a form shows. */
export function formStateFromError(error: unknown, values?: Record<string, string>): FormState {
  const appError = toAppError(error);
  if (appError.code === "internal") logger.error("Unhandled error in form action", describeError(error));
  const fieldErrors = appError.details.fields;
  const count = Object.keys(fieldErrors ?? {}).length;
  // The API's "Invalid body: check x, y." names wire fields; a form speaks of its own fields.
  const message = appError.code === "invalid_request" && count > 0 ? `There is a problem with ${count} field${count === 1 ? "" : "s"}` : appError.message;
  return { ok: false, message, fieldErrors, values };
}
