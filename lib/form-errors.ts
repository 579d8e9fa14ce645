import { toAppError } from "@/lib/errors";
import type { FormState } from "@/lib/forms";
import { describeError, logger } from "@/lib/logger";

/** Server-side: any error thrown by a lib/ function, as the state a form shows. */
export function formStateFromError(error: unknown, values?: Record<string, string>): FormState {
  const appError = toAppError(error);
  if (appError.code === "internal") logger.error("Unhandled error in form action", describeError(error));
  return { ok: false, message: appError.message, fieldErrors: appError.details.fields, values };
}
