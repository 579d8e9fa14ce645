/**
 * The sign-in throttle through next-auth's own endpoint (issue 21, finding 7): attempts are
 * counted before the password is checked, so a parallel burst gets only the free guesses
 * checked; a locked account still lets its owner in from a client that has not been failing.
 */
import { signIn } from "./sign-in-client";
import { describe, expect, it } from "vitest";
import { CLIENT_FREE_FAILURES, FREE_ATTEMPTS } from "@/lib/auth/throttle";
import { createTestUser, uniqueSuffix } from "@/tests/support/factories";

const passwordOf = (email: string) => `password-${email.split("@")[0]!.split("-").slice(1).join("-")}`;
let clients = 0;
const newClient = () => `203.0.113.${++clients}`;

describe("signing in under attack", () => {
  it("checks at most the free guesses of a 30-way parallel burst; the rest get 429 with Retry-After", async () => {
    const { user } = await createTestUser("ADMIN");
    const attacker = newClient();
    const burst = await Promise.all(Array.from({ length: 30 }, (_, index) => signIn(user.email, `guess-${index}-${uniqueSuffix()}`, { clientIp: attacker })));
    const statuses = burst.map((attempt) => attempt.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(FREE_ATTEMPTS);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - FREE_ATTEMPTS);
    expect(burst.find((attempt) => attempt.status === 429)?.retryAfter).toMatch(/^\d+$/);

    // The attacker's client is refused even the right password during the lock...
    expect((await signIn(user.email, passwordOf(user.email), { clientIp: attacker })).status).toBe(429);
    // ...while the owner, from a client that has not been failing, signs in.
    const owner = await signIn(user.email, passwordOf(user.email), { clientIp: newClient() });
    expect(owner.status).toBe(200);
    expect(owner.sessionCookie).toBeTruthy();
  });

  it("a fresh client gets one guess at a locked account, no more", async () => {
    const { user } = await createTestUser("TESTER");
    const attacker = newClient();
    for (let attempt = 0; attempt < FREE_ATTEMPTS; attempt++) await signIn(user.email, "wrong-password-1", { clientIp: attacker });
    const second = newClient();
    expect((await signIn(user.email, "wrong-password-2", { clientIp: second })).status).toBe(401);
    expect((await signIn(user.email, passwordOf(user.email), { clientIp: second })).status).toBe(429);
    // Without a known client (next dev; an unsigned address header) there is no way around the lock.
    expect((await signIn(user.email, passwordOf(user.email))).status).toBe(429);
  });

  it("limits one client's failures across accounts (unknown emails alike)", async () => {
    const sprayer = newClient();
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= CLIENT_FREE_FAILURES; attempt++) statuses.push((await signIn(`nobody-${uniqueSuffix()}@example.org`, "password-1234", { clientIp: sprayer })).status);
    expect(statuses.slice(0, CLIENT_FREE_FAILURES).every((status) => status === 401)).toBe(true);
    expect(statuses[CLIENT_FREE_FAILURES]).toBe(429);
    const { user } = await createTestUser("VIEWER");
    expect((await signIn(user.email, passwordOf(user.email), { clientIp: newClient() })).status).toBe(200);
  });
});
