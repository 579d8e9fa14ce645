/**
 * Changing one's own password through the API: the current password is required (and
 * throttled like a sign-in), old sessions end, every API token is revoked, and the change is
 * audited without the password.
 */
import { callRoute } from "./call-route";
import { sessionCookieFor } from "./session-cookie";
import { describe, expect, it } from "vitest";
import * as passwordRoute from "@/app/api/v1/me/password/route";
import * as meRoute from "@/app/api/v1/me/route";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { verifyCredentials } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { createTestUser } from "@/tests/support/factories";

const change = (headers: Record<string, string>, body: unknown) =>
  callRoute(passwordRoute.POST, { method: "POST", path: "/api/v1/me/password", headers, body });

describe("POST /api/v1/me/password", () => {
  it("needs sign-in and the current password, and says which field is wrong", async () => {
    const { user, authHeader } = await createTestUser("VIEWER");
    expect((await change({}, { currentPassword: "x", newPassword: "a-new-password-1" })).status).toBe(401);
    const wrong = await change(authHeader, { currentPassword: "not-the-password", newPassword: "a-new-password-1" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual({ currentPassword: ["This is not your current password."] });
    const short = await change(authHeader, { currentPassword: "x", newPassword: "short" });
    expect(short.status).toBe(400);
    expect(Object.keys(short.body.error.fields)).toEqual(["newPassword"]);
    const password = `password-${user.email.split("@")[0]!.split("-").slice(1).join("-")}`;
    expect((await verifyCredentials({ email: user.email, password })).ok).toBe(true);
  });

  it("changes the password, ends older sessions, revokes every API token (asked or not), and audits it", async () => {
    const { user, authHeader } = await createTestUser("TESTER");
    const password = `password-${user.email.split("@")[0]!.split("-").slice(1).join("-")}`;
    const second = await createApiToken({ id: user.id, email: user.email }, { name: "second" });
    const cookie = await sessionCookieFor(user.id);
    expect((await callRoute(meRoute.GET, { path: "/api/v1/me", headers: { cookie } })).status).toBe(200);

    // revokeTokens: false is accepted and ignored; older clients send it.
    const changed = await change(authHeader, { currentPassword: password, newPassword: "correct-horse-battery", revokeTokens: false });
    expect(changed).toMatchObject({ status: 200, body: { ok: true, tokensRevoked: 2 } });
    expect((await verifyCredentials({ email: user.email, password })).ok).toBe(false);
    expect((await verifyCredentials({ email: user.email, password: "correct-horse-battery" })).ok).toBe(true);
    expect((await callRoute(meRoute.GET, { path: "/api/v1/me", headers: authHeader })).status).toBe(401);
    expect((await callRoute(meRoute.GET, { path: "/api/v1/me", headers: { authorization: `Bearer ${second.token}` } })).status).toBe(401);
    expect((await callRoute(meRoute.GET, { path: "/api/v1/me", headers: { cookie } })).status).toBe(401);

    const third = await createApiToken({ id: user.id, email: user.email }, { name: "third" });
    const again = await change({ authorization: `Bearer ${third.token}` }, { currentPassword: "correct-horse-battery", newPassword: "another-long-password" });
    expect(again).toMatchObject({ status: 200, body: { ok: true, tokensRevoked: 1 } });

    const events = await db.auditEvent.findMany({ where: { recordId: user.id, action: "user.password_change" }, select: { changes: true } });
    expect(events.map((event) => event.changes)).toEqual(
      expect.arrayContaining([{ password: "changed", tokensRevoked: 2 }, { password: "changed", tokensRevoked: 1 }]),
    );
    expect(JSON.stringify(events)).not.toContain("correct-horse");
  });
});
