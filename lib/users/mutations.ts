import { randomBytes } from "node:crypto";
import { recordAudit, diffFields, type Actor } from "@/lib/audit/record";
import { db, type DbTransaction } from "@/lib/db";
import { releaseSignInAttempt, reserveSignInAttempt } from "@/lib/auth/throttle";
import { AppError, conflict, invalidFields, notFound } from "@/lib/errors";
import { hashPassword, verifyPassword } from "./password";
import { publicUserSelect } from "./queries";
import {
  changeOwnPasswordSchema,
  createUserSchema,
  resetPasswordSchema,
  updateUserSchema,
  type ChangeOwnPasswordInput,
  type CreateUserInput,
  type UpdateUserInput,
} from "./schema";

export async function createUser(actor: Actor | null, input: CreateUserInput) {
  const data = createUserSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: data.email }, select: { id: true } });
    if (existing) {
      throw new AppError("conflict", "A user with this email already exists.", {
        fields: { email: ["A user with this email already exists."] },
      });
    }
    const user = await tx.user.create({
      data: { email: data.email, name: data.name, role: data.role, passwordHash },
      select: publicUserSelect,
    });
    await recordAudit(tx, actor, {
      action: "user.create",
      recordType: "user",
      recordId: user.id,
      changes: { email: user.email, name: user.name, role: user.role },
    });
    return user;
  });
}

export async function updateUser(actor: Actor, id: string, input: UpdateUserInput) {
  const data = updateUserSchema.parse(input);
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: publicUserSelect });
    if (!before) throw notFound("User");
    if (id === actor.id && (data.disabled === true || (data.role && data.role !== "ADMIN"))) {
      throw conflict("You cannot disable yourself or remove your own admin role; ask another admin.");
    }
    const demotesOrDisablesAdmin =
      before.role === "ADMIN" && !before.disabled && (data.disabled === true || (data.role && data.role !== "ADMIN"));
    if (demotesOrDisablesAdmin) {
      // Count-then-update under one lock: two admins demoting each other at once queue here,
      // and the second counts after the first committed, so one active admin always remains.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('users.active_admins'))`;
      const otherAdmins = await tx.user.count({ where: { role: "ADMIN", disabled: false, id: { not: id } } });
      if (otherAdmins === 0) throw conflict("This is the last active admin; promote another user first.");
    }
    // Disabling ends every session now, so re-enabling later does not revive old cookies.
    const endSessions = data.disabled === true && !before.disabled ? { sessionVersion: { increment: 1 } } : {};
    const user = await tx.user.update({ where: { id }, data: { ...data, ...endSessions }, select: publicUserSelect });
    const changes = diffFields(before, data);
    const action =
      "role" in changes ? "user.role_change" : "disabled" in changes ? (data.disabled ? "user.disable" : "user.enable") : "user.update";
    await recordAudit(tx, actor, { action, recordType: "user", recordId: id, changes });
    return user;
  });
}

/**
 * A new password ends everything the old one opened: every session (the session version moves
 * on) and every API token (revoked now; a token may have leaked with the password).
 */
async function replacePassword(tx: DbTransaction, userId: string, passwordHash: string) {
  const passwordChangedAt = new Date();
  const user = await tx.user.update({
    where: { id: userId },
    data: { passwordHash, passwordChangedAt, sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  const revoked = await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: passwordChangedAt } });
  return { passwordChangedAt, sessionVersion: user.sessionVersion, tokensRevoked: revoked.count };
}

/** An admin sets a user's password: that user's sessions end and their API tokens are revoked. */
export async function resetPassword(actor: Actor, id: string, input: { password: string }) {
  const { password } = resetPasswordSchema.parse(input);
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: { id: true } });
    if (!user) throw notFound("User");
    const { tokensRevoked } = await replacePassword(tx, id, passwordHash);
    await recordAudit(tx, actor, { action: "user.password_reset", recordType: "user", recordId: id, changes: { password: "changed", tokensRevoked } });
    return { tokensRevoked };
  });
}

/**
 * A user changes their own password. The current password is checked like a sign-in (same
 * throttle); every session opened before ends and every API token of theirs is revoked (the
 * caller renews the cookie of the browser making the change).
 */
export async function changeOwnPassword(actor: Actor & { email: string }, input: ChangeOwnPasswordInput) {
  const data = changeOwnPasswordSchema.parse(input);
  const attempt = await reserveSignInAttempt(actor.email, null);
  if (!attempt.admitted) {
    throw new AppError("rate_limited", `Too many wrong passwords. Try again in ${attempt.retryAfterSeconds} seconds.`, {
      headers: { "retry-after": String(attempt.retryAfterSeconds) },
    });
  }
  const current = await db.user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!current) throw notFound("User");
  if (!(await verifyPassword(current.passwordHash, data.currentPassword))) {
    throw invalidFields({ currentPassword: ["This is not your current password."] }, "The current password is not correct.");
  }
  await releaseSignInAttempt(attempt);
  const passwordHash = await hashPassword(data.newPassword);
  return db.$transaction(async (tx) => {
    const result = await replacePassword(tx, actor.id, passwordHash);
    await recordAudit(tx, actor, {
      action: "user.password_change",
      recordType: "user",
      recordId: actor.id,
      changes: { password: "changed", tokensRevoked: result.tokensRevoked },
    });
    return result;
  });
}

export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}
