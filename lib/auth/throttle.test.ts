import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clearFailedSignIns, FREE_ATTEMPTS, lockDurationMs, recordFailedSignIn, secondsUntilAllowed } from "./throttle";

const email = () => `throttle-${randomBytes(4).toString("hex")}@example.org`;

describe("sign-in throttling", () => {
  it("allows a few failures, then locks for growing periods up to 15 minutes", () => {
    expect(lockDurationMs(FREE_ATTEMPTS - 1)).toBe(0);
    expect(lockDurationMs(FREE_ATTEMPTS)).toBe(30_000);
    expect(lockDurationMs(FREE_ATTEMPTS + 1)).toBe(60_000);
    expect(lockDurationMs(FREE_ATTEMPTS + 20)).toBe(15 * 60_000);
  });

  it("locks an address after the free attempts and unlocks it when the lock expires", async () => {
    const address = email();
    const now = new Date();
    for (let attempt = 1; attempt < FREE_ATTEMPTS; attempt++) await recordFailedSignIn(address, now);
    expect(await secondsUntilAllowed(address, now)).toBe(0);
    await recordFailedSignIn(address, now);
    expect(await secondsUntilAllowed(address, now)).toBe(30);
    expect(await secondsUntilAllowed(address, new Date(now.getTime() + 31_000))).toBe(0);
  });

  it("counts concurrent failures once each", async () => {
    const address = email();
    const now = new Date();
    await Promise.all(Array.from({ length: FREE_ATTEMPTS }, () => recordFailedSignIn(address, now)));
    expect(await secondsUntilAllowed(address, now)).toBe(30);
  });

  it("forgets failures after a successful sign-in", async () => {
    const address = email();
    for (let attempt = 0; attempt < FREE_ATTEMPTS; attempt++) await recordFailedSignIn(address);
    await clearFailedSignIns(address);
    expect(await secondsUntilAllowed(address)).toBe(0);
  });
});
