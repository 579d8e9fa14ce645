/**
 * Throttling of failed sign-ins per email address. Unknown addresses are throttled the same
 * way as real ones, so the answers never reveal whether an account exists.
 */
import { db } from "@/lib/db";

export const FREE_ATTEMPTS = 5;
const WINDOW_MS = 15 * 60_000;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

/** Seconds until the next attempt is allowed, or 0. */
export async function secondsUntilAllowed(email: string, now = new Date()): Promise<number> {
  const row = await db.loginThrottle.findUnique({ where: { email }, select: { lockedUntil: true } });
  if (!row?.lockedUntil || row.lockedUntil <= now) return 0;
  return Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000);
}

export function lockDurationMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(BASE_LOCK_MS * 2 ** (failures - FREE_ATTEMPTS), MAX_LOCK_MS);
}

export async function recordFailedSignIn(email: string, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    // Row lock so concurrent failures count once each.
    await tx.$executeRaw`INSERT INTO login_throttles (email, failures, window_starts_at, updated_at)
      VALUES (${email}, 0, ${now}, ${now}) ON CONFLICT (email) DO NOTHING`;
    const [row] = await tx.$queryRaw<Array<{ failures: number; window_starts_at: Date }>>`
      SELECT failures, window_starts_at FROM login_throttles WHERE email = ${email} FOR UPDATE`;
    const windowExpired = !row || now.getTime() - row.window_starts_at.getTime() > WINDOW_MS;
    const failures = windowExpired ? 1 : row.failures + 1;
    const lockMs = lockDurationMs(failures);
    await tx.loginThrottle.update({
      where: { email },
      data: {
        failures,
        windowStartsAt: windowExpired ? now : row.window_starts_at,
        lockedUntil: lockMs > 0 ? new Date(now.getTime() + lockMs) : null,
      },
    });
  });
}

export async function clearFailedSignIns(email: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { email } });
}
