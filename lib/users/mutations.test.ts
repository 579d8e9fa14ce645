import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyCredentials } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { AppError, toAppError } from "@/lib/errors";
import { createUser, resetPassword, updateUser } from "./mutations";

const unique = () => randomBytes(4).toString("hex");

async function makeUser(role: "ADMIN" | "TESTER" | "VIEWER", password = "a-long-password-1") {
  const email = `user-${unique()}@Example.org`;
  const user = await createUser(null, { email, name: `User ${role}`, role, password });
  return { ...user, password };
}

describe("users", () => {
  it("stores emails lower-cased, hashes passwords with argon2id and never returns the hash", async () => {
    const user = await makeUser("TESTER");
    expect(user.email).toBe(user.email.toLowerCase());
    expect(Object.keys(user)).not.toContain("passwordHash");
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain(user.password);
  });

  it("refuses a second account with the same email, whatever its case", async () => {
    const user = await makeUser("VIEWER");
    const attempt = createUser(null, { email: user.email.toUpperCase(), name: "Again", role: "VIEWER", password: "another-password" });
    await expect(attempt).rejects.toMatchObject({ code: "conflict", details: { fields: { email: [expect.any(String)] } } });
  });

  it("validates every field with a specific message", async () => {
    const attempt = createUser(null, { email: "nope", name: "", role: "OWNER" as "ADMIN", password: "short" });
    const error = toAppError(await attempt.catch((caught: unknown) => caught));
    expect(error.code).toBe("invalid_request");
    expect(Object.keys(error.details.fields ?? {}).sort()).toEqual(["email", "name", "password", "role"]);
    expect(error.details.fields?.password).toEqual(["Use at least 12 characters."]);
  });

  it("records role changes and disabling in the audit log, in the same transaction", async () => {
    const admin = await makeUser("ADMIN");
    const user = await makeUser("VIEWER");
    await updateUser(admin, user.id, { role: "TESTER" });
    await updateUser(admin, user.id, { disabled: true });
    const events = await db.auditEvent.findMany({ where: { recordId: user.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => event.action)).toEqual(["user.create", "user.role_change", "user.disable"]);
    expect(events[1]?.changes).toEqual({ role: { from: "VIEWER", to: "TESTER" } });
    expect(events[1]?.actorId).toBe(admin.id);
  });

  it("does not let an admin lock themselves out", async () => {
    const admin = await makeUser("ADMIN");
    await expect(updateUser(admin, admin.id, { disabled: true })).rejects.toBeInstanceOf(AppError);
    await expect(updateUser(admin, admin.id, { role: "VIEWER" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("disabled users and wrong passwords get the same answer", async () => {
    const admin = await makeUser("ADMIN");
    const user = await makeUser("TESTER");
    expect(await verifyCredentials({ email: user.email, password: user.password })).toMatchObject({ ok: true });
    expect(await verifyCredentials({ email: user.email, password: "wrong-password" })).toEqual({ ok: false, reason: "invalid" });
    await updateUser(admin, user.id, { disabled: true });
    expect(await verifyCredentials({ email: user.email, password: user.password })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials({ email: `nobody-${unique()}@example.org`, password: user.password })).toEqual({ ok: false, reason: "invalid" });
  });

  it("a password reset replaces the password and is audited without the password", async () => {
    const admin = await makeUser("ADMIN");
    const user = await makeUser("VIEWER");
    await resetPassword(admin, user.id, { password: "the-new-password" });
    expect(await verifyCredentials({ email: user.email, password: user.password })).toMatchObject({ ok: false });
    expect(await verifyCredentials({ email: user.email, password: "the-new-password" })).toMatchObject({ ok: true });
    const event = await db.auditEvent.findFirstOrThrow({ where: { recordId: user.id, action: "user.password_reset" } });
    expect(JSON.stringify(event.changes)).not.toContain("the-new-password");
  });
});
