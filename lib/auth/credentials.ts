import { db } from "@/lib/db";
import { hashPassword, verifyPassword } from "@/lib/users/password";
import { credentialsSchema } from "@/lib/users/schema";
import { countedSignInAttempt } from "./sign-in-attempt";
import { releaseSignInAttempt, reserveSignInAttempt } from "./throttle";

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; role: string; sessionVersion: number } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

// Verified against when the email is unknown, so both failures take the same time.
let decoyHash: Promise<string> | undefined;

/**
 * Checks an email and password. The attempt is counted before the password is checked (by the
 * sign-in route for its request, else here, without a client address); see throttle.ts.
 */
export async function verifyCredentials(input: unknown): Promise<SignInResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;

  const attempt = countedSignInAttempt(email) ?? (await reserveSignInAttempt(email, null));
  if (!attempt.admitted) return { ok: false, reason: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, disabled: true, passwordHash: true, sessionVersion: true },
  });
  decoyHash ??= hashPassword(`decoy-${Math.random()}`);
  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await decoyHash), password);

  // A failure stays counted; only the right password for an enabled user gives the attempt back.
  if (!user || !passwordMatches || user.disabled) return { ok: false, reason: "invalid" };
  await releaseSignInAttempt(attempt);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion },
  };
}
