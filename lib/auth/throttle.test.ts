import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CLIENT_FREE_FAILURES, FREE_ATTEMPTS, lockDurationMs, releaseSignInAttempt, reserveSignInAttempt } from "./throttle";

const email = () => `throttle-${randomBytes(4).toString("hex")}@example.org`;
const client = () => `198.51.100.${randomBytes(1)[0]}-${randomBytes(3).toString("hex")}`;
const later = (now: Date, ms: number) => new Date(now.getTime() + ms);

describe("sign-in throttling", () => {
  it("allows a few failures, then locks for growing periods up to 15 minutes", () => {
    expect(lockDurationMs(FREE_ATTEMPTS - 1)).toBe(0);
    expect(lockDurationMs(FREE_ATTEMPTS)).toBe(30_000);
    expect(lockDurationMs(FREE_ATTEMPTS + 1)).toBe(60_000);
    expect(lockDurationMs(FREE_ATTEMPTS + 20)).toBe(15 * 60_000);
  });

  it("admits the free attempts, locks the address, and admits one more when the lock expires (then a longer lock)", async () => {
    const address = email();
    const now = new Date();
    for (let attempt = 1; attempt <= FREE_ATTEMPTS; attempt++) expect((await reserveSignInAttempt(address, null, now)).admitted).toBe(true);
    expect(await reserveSignInAttempt(address, null, now)).toEqual({ admitted: false, retryAfterSeconds: 30, scope: "email" });
    // Refused attempts are not counted: the lock does not grow while it holds.
    expect(await reserveSignInAttempt(address, null, later(now, 10_000))).toEqual({ admitted: false, retryAfterSeconds: 20, scope: "email" });
    expect((await reserveSignInAttempt(address, null, later(now, 31_000))).admitted).toBe(true);
    expect(await reserveSignInAttempt(address, null, later(now, 31_000))).toEqual({ admitted: false, retryAfterSeconds: 60, scope: "email" });
  });

  it("counts before the check: of 30 concurrent attempts exactly the free ones are admitted", async () => {
    const address = email();
    const from = client();
    const now = new Date();
    const attempts = await Promise.all(Array.from({ length: 30 }, () => reserveSignInAttempt(address, from, now)));
    expect(attempts.filter((attempt) => attempt.admitted)).toHaveLength(FREE_ATTEMPTS);
  });

  it("a right password gives the attempt back and forgets the address's failures", async () => {
    const address = email();
    const from = client();
    for (let attempt = 1; attempt < FREE_ATTEMPTS; attempt++) await reserveSignInAttempt(address, from);
    const right = await reserveSignInAttempt(address, from);
    if (!right.admitted) throw new Error("the last free attempt was refused");
    await releaseSignInAttempt(right);
    for (let attempt = 1; attempt <= FREE_ATTEMPTS; attempt++) expect((await reserveSignInAttempt(address, from)).admitted).toBe(true);
  });

  it("limits failures per client across addresses, for the rest of its window", async () => {
    const from = client();
    const now = new Date();
    for (let attempt = 0; attempt < CLIENT_FREE_FAILURES; attempt++) expect((await reserveSignInAttempt(email(), from, now)).admitted).toBe(true);
    expect(await reserveSignInAttempt(email(), from, later(now, 60_000))).toEqual({ admitted: false, retryAfterSeconds: 14 * 60, scope: "client" });
    expect((await reserveSignInAttempt(email(), client(), now)).admitted).toBe(true);
    expect((await reserveSignInAttempt(email(), from, later(now, 15 * 60_000 + 1))).admitted).toBe(true);
  });

  it("lets a clean client through an address's lock, once: a failure makes it a failing client", async () => {
    const address = email();
    const attacker = client();
    const now = new Date();
    for (let attempt = 1; attempt <= FREE_ATTEMPTS; attempt++) await reserveSignInAttempt(address, attacker, now);
    expect((await reserveSignInAttempt(address, attacker, now)).admitted).toBe(false);
    expect((await reserveSignInAttempt(address, null, now)).admitted).toBe(false);

    const owner = client();
    expect((await reserveSignInAttempt(address, owner, now)).admitted).toBe(true);
    // That attempt failed (not released): the owner's client is failing now, and locked out too.
    expect((await reserveSignInAttempt(address, owner, now)).admitted).toBe(false);
  });
});
