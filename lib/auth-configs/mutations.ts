import { diffFields, recordAudit, type Actor } from "@/lib/audit/record";
import { lockVersion, sameJson, staleEditError } from "@/lib/concurrency/stale-edit";
import { encryptSecret } from "@/lib/crypto";
import { db, type DbTransaction } from "@/lib/db";
import { fromZodError, invalidFields, notFound, type FieldErrors } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { authConfigSelect, toAuthConfigView, type AuthConfigView } from "./queries";
import {
  authConfigRecordSchema,
  createAuthConfigSchema,
  TYPES_NEEDING_SECRET,
  updateAuthConfigSchema,
  type AuthConfigRecord,
  type CreateAuthConfigInput,
  type UpdateAuthConfigInput,
} from "./schema";

const RECORD_TYPE = "auth_config";

async function projectFieldErrors(tx: DbTransaction, projectId: string | null): Promise<FieldErrors> {
  if (!projectId) return {};
  const project = await tx.project.findUnique({ where: { id: projectId }, select: { id: true } });
  return project ? {} : { projectId: ["This project does not exist."] };
}

function secretRequiredErrors(record: AuthConfigRecord, hasSecret: boolean): FieldErrors {
  return TYPES_NEEDING_SECRET.includes(record.type) && !hasSecret
    ? { secret: ["Enter the secret (password or key) these credentials sign in with."] }
    : {};
}

/** The audit entry's view of a record: every field except the secret. */
function auditFields(record: AuthConfigRecord) {
  return {
    name: record.name,
    type: record.type,
    domain: record.domain,
    url: record.url,
    loginPage: record.loginPage,
    username: record.username,
    status: record.status,
    projectId: record.projectId,
    settings: record.settings as Prisma.InputJsonValue,
  };
}

export async function createAuthConfig(actor: Actor, input: CreateAuthConfigInput): Promise<AuthConfigView> {
  const { secret, totpSecret, ...record } = createAuthConfigSchema.parse(input);
  return db.$transaction(async (tx) => {
    const errors = { ...secretRequiredErrors(record, secret !== undefined), ...(await projectFieldErrors(tx, record.projectId)) };
    if (Object.keys(errors).length > 0) throw invalidFields(errors);
    const now = new Date();
    const row = await tx.authConfig.create({
      data: {
        ...record,
        settings: record.settings as Prisma.InputJsonValue,
        secretEncrypted: secret === undefined ? null : encryptSecret(secret),
        secretUpdatedAt: secret === undefined ? null : now,
        totpSecretEncrypted: totpSecret === undefined ? null : encryptSecret(totpSecret),
        createdById: actor.id,
        createdAt: now,
        updatedAt: now,
      },
      select: authConfigSelect,
    });
    await recordAudit(tx, actor, {
      action: "auth_config.create",
      recordType: RECORD_TYPE,
      recordId: row.id,
      changes: { ...auditFields(record), secret: secret === undefined ? "none" : "set", totpSecret: totpSecret === undefined ? "none" : "set" },
    });
    return toAuthConfigView(row);
  });
}

export async function updateAuthConfig(actor: Actor, id: string, input: UpdateAuthConfigInput): Promise<AuthConfigView> {
  const { expectedUpdatedAt, secret, totpSecret, ...patch } = updateAuthConfigSchema.parse(input);
  return db.$transaction(async (tx) => {
    const version = await lockVersion(tx, "auth_configs", id, "Auth config", expectedUpdatedAt);
    const before = toAuthConfigView(await tx.authConfig.findUniqueOrThrow({ where: { id }, select: authConfigSelect }));
    if (version.stale) {
      throw await staleEditError(tx, { what: "auth config", recordType: RECORD_TYPE, recordId: id, expectedUpdatedAt, current: before });
    }
    const typeChanged = patch.type !== undefined && patch.type !== before.type;
    const merged = {
      type: before.type,
      settings: typeChanged && patch.settings === undefined ? {} : before.settings,
      name: before.name,
      domain: before.domain,
      url: before.url,
      loginPage: before.loginPage,
      username: before.username,
      status: before.status,
      projectId: before.projectId,
      ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)),
    };
    const parsed = authConfigRecordSchema.safeParse(merged);
    if (!parsed.success) throw fromZodError(parsed.error, "auth config");
    const record = parsed.data;
    const hasSecretAfter = secret === undefined ? before.hasSecret : secret !== null;
    const errors = {
      ...secretRequiredErrors(record, hasSecretAfter),
      ...(record.projectId !== before.projectId ? await projectFieldErrors(tx, record.projectId) : {}),
    };
    if (Object.keys(errors).length > 0) throw invalidFields(errors);

    const changes: Record<string, Prisma.InputJsonValue | null> = diffFields(
      auditFields(toRecord(before)) as Record<string, unknown>,
      auditFields(record),
    );
    if (changes.settings && sameJson(before.settings, record.settings)) delete changes.settings;
    if (secret !== undefined && (secret !== null || before.hasSecret)) {
      changes.secret = secret === null ? "cleared" : before.hasSecret ? "changed" : "set";
    }
    if (totpSecret !== undefined && (totpSecret !== null || before.hasTotpSecret)) {
      changes.totpSecret = totpSecret === null ? "cleared" : before.hasTotpSecret ? "changed" : "set";
    }
    if (Object.keys(changes).length === 0) return before;

    const now = version.nextUpdatedAt;
    const row = await tx.authConfig.update({
      where: { id },
      data: {
        ...record,
        settings: record.settings as Prisma.InputJsonValue,
        ...(secret === undefined
          ? {}
          : { secretEncrypted: secret === null ? null : encryptSecret(secret), secretUpdatedAt: secret === null ? null : now }),
        ...(totpSecret === undefined ? {} : { totpSecretEncrypted: totpSecret === null ? null : encryptSecret(totpSecret) }),
        updatedAt: now,
      },
      select: authConfigSelect,
    });
    await recordAudit(tx, actor, {
      action: "auth_config.update",
      recordType: RECORD_TYPE,
      recordId: id,
      changes: { ...changes, updatedAt: { from: before.updatedAt.toISOString(), to: now.toISOString() } },
    });
    return toAuthConfigView(row);
  });
}

function toRecord(view: AuthConfigView): AuthConfigRecord {
  return {
    type: view.type,
    settings: view.settings,
    name: view.name,
    domain: view.domain,
    url: view.url,
    loginPage: view.loginPage,
    username: view.username,
    status: view.status,
    projectId: view.projectId,
  } as AuthConfigRecord;
}

/** Deletes the credential; sessions that used it keep their results and lose the link. */
export async function deleteAuthConfig(actor: Actor, id: string) {
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM auth_configs WHERE id = ${id}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Auth config");
    const before = await tx.authConfig.findUniqueOrThrow({ where: { id }, select: authConfigSelect });
    const sessionsUnlinked = await tx.testSession.count({ where: { authConfigId: id } });
    // projects.default_auth_config_id has no foreign key (see the schema), so it is cleared here.
    const projectDefaultsCleared = await tx.project.updateMany({ where: { defaultAuthConfigId: id }, data: { defaultAuthConfigId: null } });
    await tx.authConfig.delete({ where: { id } });
    await recordAudit(tx, actor, {
      action: "auth_config.delete",
      recordType: RECORD_TYPE,
      recordId: id,
      changes: { name: before.name, type: before.type, domain: before.domain, sessionsUnlinked, projectDefaultsCleared: projectDefaultsCleared.count },
    });
    return { id, name: before.name, sessionsUnlinked };
  });
}

/** Bookkeeping when a scan signs in with the config (no audit entry: nothing a person changed). */
export async function recordAuthConfigUse(id: string): Promise<void> {
  // Raw, so updated_at (the edit form's version) does not move.
  await db.$executeRaw`UPDATE auth_configs SET last_used_at = now() WHERE id = ${id}::uuid`;
}
