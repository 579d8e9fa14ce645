/**
 * What ends a session and an API token (issue 21, finding 6): signing out ends that cookie on
 * the server (a replayed copy is refused); disabling a user ends their sessions for good (re-
 * enabling does not revive them); a password reset or change ends sessions and revokes tokens.
 */
import { callRoute } from "./call-route";
import { signIn, signOut } from "./sign-in-client";
import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import * as meRoute from "@/app/api/v1/me/route";
import * as passwordRoute from "@/app/api/v1/users/[id]/password/route";
import * as userRoute from "@/app/api/v1/users/[id]/route";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { db } from "@/lib/db";
import { createTestUser, type TestUser } from "@/tests/support/factories";

const me = (headers: Record<string, string>) => callRoute(meRoute.GET, { path: "/api/v1/me", headers });
const asCookie = (cookie: string) => me({ cookie });
const passwordOf = (user: TestUser["user"]) => `password-${user.email.split("@")[0]!.split("-").slice(1).join("-")}`;

async function signedIn(user: TestUser["user"], password = passwordOf(user)): Promise<string> {
  const attempt = await signIn(user.email, password);
  expect(attempt.sessionCookie, `sign-in answered ${attempt.status}`).toBeTruthy();
  return attempt.sessionCookie!;
}

describe("sign-out", () => {
  it("ends the cookie on the server: a replayed copy is refused, other sessions of the user go on", async () => {
    const { user } = await createTestUser("TESTER");
    const laptop = await signedIn(user);
    const phone = await signedIn(user);
    expect((await asCookie(laptop)).status).toBe(200);

    await signOut(laptop);
    expect((await asCookie(laptop)).status).toBe(401);
    expect((await asCookie(phone)).status).toBe(200);
    // Signing out twice (another tab) is harmless.
    await signOut(laptop);
    expect((await asCookie(phone)).body.email).toBe(user.email);
  });

  it("refuses cookies without a session id or version (made before this change or forged without them)", async () => {
    const { user } = await createTestUser("VIEWER");
    const legacy = await encode({ secret: process.env.NEXTAUTH_SECRET!, token: { sub: user.id, email: user.email, passwordVersion: Date.now() } });
    expect((await asCookie(`next-auth.session-token=${legacy}`)).status).toBe(401);
    const wrongVersion = await encode({ secret: process.env.NEXTAUTH_SECRET!, token: { sub: user.id, sid: "x", sv: 7 } });
    expect((await asCookie(`next-auth.session-token=${wrongVersion}`)).status).toBe(401);
  });
});

describe("disabling a user", () => {
  it("ends their sessions, and re-enabling does not revive them", async () => {
    const admin = await createTestUser("ADMIN");
    const { user } = await createTestUser("TESTER");
    const cookie = await signedIn(user);
    const patch = (disabled: boolean) =>
      callRoute(userRoute.PATCH, { method: "PATCH", path: `/api/v1/users/${user.id}`, params: { id: user.id }, headers: admin.authHeader, body: { disabled } });

    expect((await patch(true)).status).toBe(200);
    expect((await asCookie(cookie)).status).toBe(401);
    expect((await patch(false)).status).toBe(200);
    expect((await asCookie(cookie)).status).toBe(401);
    // Saving other fields of an enabled user ends nothing.
    const fresh = await signedIn(user);
    expect((await patch(false)).status).toBe(200);
    expect((await asCookie(fresh)).status).toBe(200);
  });
});

describe("password reset by an admin", () => {
  it("ends the user's sessions and revokes their API tokens", async () => {
    const admin = await createTestUser("ADMIN");
    const target = await createTestUser("TESTER");
    const second = await createApiToken(target.actor, { name: "ci" });
    const cookie = await signedIn(target.user);
    const otherUser = await createTestUser("TESTER");

    const reset = await callRoute(passwordRoute.POST, {
      method: "POST",
      path: `/api/v1/users/${target.user.id}/password`,
      params: { id: target.user.id },
      headers: admin.authHeader,
      body: { password: "a-brand-new-password" },
    });
    expect(reset).toMatchObject({ status: 200, body: { ok: true, tokensRevoked: 2 } });
    expect((await asCookie(cookie)).status).toBe(401);
    expect((await me(target.authHeader)).status).toBe(401);
    expect((await me({ authorization: `Bearer ${second.token}` })).status).toBe(401);
    // Only that user's.
    expect((await me(otherUser.authHeader)).status).toBe(200);
    expect((await me(admin.authHeader)).status).toBe(200);

    expect((await asCookie(await signedIn(target.user, "a-brand-new-password"))).status).toBe(200);
    const audit = await db.auditEvent.findFirst({ where: { recordId: target.user.id, action: "user.password_reset" }, select: { changes: true } });
    expect(audit?.changes).toEqual({ password: "changed", tokensRevoked: 2 });
  });
});
