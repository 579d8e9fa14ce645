/**
 * One count per sign-in request. The sign-in route counts the attempt (and answers 429 when it
 * is refused) before next-auth runs; next-auth's authorize() then finds that attempt here
 * instead of counting it again. Other callers of verifyCredentials count their own.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { SignInAttempt } from "./throttle";

const current = new AsyncLocalStorage<SignInAttempt & { admitted: true }>();

export function runWithSignInAttempt<T>(attempt: SignInAttempt & { admitted: true }, work: () => T): T {
  return current.run(attempt, work);
}

/** The attempt the current request already counted for this email, if any. */
export function countedSignInAttempt(email: string): (SignInAttempt & { admitted: true }) | undefined {
  const attempt = current.getStore();
  return attempt?.email === email ? attempt : undefined;
}
