/**
 * Throttling of sign-in attempts, per email address and per client address.
 *
 * An attempt is counted before its password is checked, in one statement per counter (an upsert
 * that only admits the attempt while the counter allows it), so a parallel burst gets exactly
 * the free attempts checked and no more. A correct password gives its attempt back.
 *
 * - Per email: FREE_ATTEMPTS admitted attempts, then the address is locked for 30 s, doubling
 *   with each further failure up to 15 min. Unknown addresses are throttled the same way as real
 *   ones, so the answers never reveal whether an account exists.
 * - Per client (its IP address, an IPv6 /64): CLIENT_FREE_FAILURES failed attempts in a window of
 *   15 minutes, across every email, then nothing until the window ends.
 * - An email lock does not stop a clean client, one with no failed attempt in its window: a
 *   guesser cannot keep the owner out by failing on purpose. The price: during a lock each fresh
 *   client address gets one guess (which makes it a failing client). Without a known client
 *   (`next dev`, a password change) there is no bypass.
 */
import { sqlPool } from "@/lib/db";

export const FREE_ATTEMPTS = 5;
export const CLIENT_FREE_FAILURES = 30;
const WINDOW_MS = 15 * 60_000;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

export function lockDurationMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(BASE_LOCK_MS * 2 ** (failures - FREE_ATTEMPTS), MAX_LOCK_MS);
}

export type SignInAttempt =
  | { admitted: true; email: string; client: string | null }
  | { admitted: false; retryAfterSeconds: number; scope: "email" | "client" };

const secondsUntil = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

/**
 * Counts an attempt to sign in as `email` from `client`, before its password is checked.
 * The client's counter is taken first (its row lock orders one client's concurrent attempts),
 * then the email's; both in one transaction, so a refused attempt counts for neither.
 */
export async function reserveSignInAttempt(email: string, client: string | null, now = new Date()): Promise<SignInAttempt> {
  const connection = await sqlPool().connect();
  try {
    await connection.query("BEGIN");
    let clean = false;
    if (client) {
      const { rows } = await connection.query<{ failures: number }>(
        `INSERT INTO login_client_throttles AS t (client, failures, window_starts_at) VALUES ($1, 1, $2)
         ON CONFLICT (client) DO UPDATE SET
           failures = CASE WHEN t.window_starts_at <= $2::timestamptz - make_interval(secs => $3 / 1000.0) THEN 1 ELSE t.failures + 1 END,
           window_starts_at = CASE WHEN t.window_starts_at <= $2::timestamptz - make_interval(secs => $3 / 1000.0) THEN $2 ELSE t.window_starts_at END
         WHERE t.window_starts_at <= $2::timestamptz - make_interval(secs => $3 / 1000.0) OR t.failures < $4
         RETURNING failures`,
        [client, now, WINDOW_MS, CLIENT_FREE_FAILURES],
      );
      if (!rows[0]) {
        await connection.query("ROLLBACK");
        const { rows: held } = await connection.query<{ window_starts_at: Date }>(`SELECT window_starts_at FROM login_client_throttles WHERE client = $1`, [client]);
        const until = new Date((held[0]?.window_starts_at ?? now).getTime() + WINDOW_MS);
        return { admitted: false, retryAfterSeconds: secondsUntil(until, now), scope: "client" };
      }
      clean = rows[0].failures === 1;
    }
    // Only the conflicting row (t) is read in SET: it is the latest, locked version of the row.
    const expired = `t.window_starts_at <= $2::timestamptz - make_interval(secs => $3 / 1000.0)`;
    const failures = `CASE WHEN ${expired} THEN 1 ELSE t.failures + 1 END`;
    const lockFor = (count: string) =>
      `CASE WHEN ${count} >= $4 THEN $2::timestamptz + make_interval(secs => LEAST($5 * power(2, ${count} - $4), $6) / 1000.0) END`;
    const { rows } = await connection.query<{ failures: number }>(
      `INSERT INTO login_throttles AS t (email, failures, window_starts_at, locked_until, updated_at)
       VALUES ($1, 1, $2, ${lockFor("1")}, $2)
       ON CONFLICT (email) DO UPDATE SET
         failures = ${failures},
         window_starts_at = CASE WHEN ${expired} THEN $2 ELSE t.window_starts_at END,
         locked_until = ${lockFor(`(${failures})`)},
         updated_at = $2
       WHERE $7 OR t.locked_until IS NULL OR t.locked_until <= $2
       RETURNING failures`,
      [email, now, WINDOW_MS, FREE_ATTEMPTS, BASE_LOCK_MS, MAX_LOCK_MS, clean],
    );
    if (!rows[0]) {
      await connection.query("ROLLBACK");
      const { rows: held } = await connection.query<{ locked_until: Date | null }>(`SELECT locked_until FROM login_throttles WHERE email = $1`, [email]);
      return { admitted: false, retryAfterSeconds: secondsUntil(held[0]?.locked_until ?? now, now), scope: "email" };
    }
    await connection.query("COMMIT");
    return { admitted: true, email, client };
  } catch (error) {
    await connection.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    connection.release();
  }
}

/** The password was right: the email's failures are forgotten and the client gets its attempt back. */
export async function releaseSignInAttempt(attempt: { email: string; client: string | null }): Promise<void> {
  await sqlPool().query(`DELETE FROM login_throttles WHERE email = $1`, [attempt.email]);
  if (attempt.client) {
    await sqlPool().query(`UPDATE login_client_throttles SET failures = GREATEST(failures - 1, 0) WHERE client = $1`, [attempt.client]);
  }
}
