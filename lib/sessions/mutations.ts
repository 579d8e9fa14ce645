import { diffFields, recordAudit, type Actor } from "@/lib/audit/record";
import { lockVersion, sameJson, staleEditError } from "@/lib/concurrency/stale-edit";
import { db, type DbTransaction } from "@/lib/db";
import { conflict, invalidFields, notFound, type FieldErrors } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { assertTransition, touchProjectActivity, transitionTimestamps } from "./lifecycle";
import { sessionSelect, toSessionView } from "./queries";
import {
  createSessionSchema,
  duplicateSessionSchema,
  isOnSite,
  scopeUrls,
  toDbWcagVersion,
  updateSessionSchema,
  type CreateSessionInput,
  type SessionScope,
  type UpdateSessionInput,
} from "./schema";

const RECORD_TYPE = "session";
/** Settings a scan reads; they cannot change while one is queued or running. */
const SCAN_SETTINGS = ["approach", "wcagVersion", "wcagLevel", "scope", "scanOptions", "authConfigId", "authMode"] as const;

function scopeSummary(scope: SessionScope): string {
  const listed = `${scope.urls.length} URL${scope.urls.length === 1 ? "" : "s"}`;
  return scope.startUrl ? `${listed}, crawl from ${scope.startUrl}` : listed;
}

function scopeFieldErrors(scope: SessionScope, primaryUrl: string): FieldErrors {
  const offSite = scopeUrls(scope).filter((url) => !isOnSite(url, primaryUrl));
  if (offSite.length === 0) return {};
  const host = new URL(primaryUrl).hostname;
  const listed = offSite.slice(0, 3).join(", ") + (offSite.length > 3 ? ` and ${offSite.length - 3} more` : "");
  return { scope: [`Every URL must be on the project's site (${host}). Not on it: ${listed}.`] };
}

async function authConfigFieldErrors(tx: DbTransaction, authConfigId: string | null | undefined, projectId: string): Promise<FieldErrors> {
  if (!authConfigId) return {};
  const config = await tx.authConfig.findUnique({ where: { id: authConfigId }, select: { projectId: true } });
  if (!config) return { authConfigId: ["This auth config does not exist."] };
  if (config.projectId !== null && config.projectId !== projectId) {
    return { authConfigId: ["This auth config belongs to another project."] };
  }
  return {};
}

async function lockLiveProject(tx: DbTransaction, projectId: string) {
  // The project cannot be archived or deleted while a session is added to it. FOR NO KEY UPDATE,
  // not FOR SHARE: the transaction goes on to update the row (touchProjectActivity), and two
  // transactions each holding a share lock and waiting to update deadlock (40P01).
  const [project] = await tx.$queryRaw<Array<{ id: string; status: string; primary_url: string }>>`
    SELECT id::text, status::text, primary_url FROM projects WHERE id = ${projectId}::uuid FOR NO KEY UPDATE`;
  if (!project) throw notFound("Project");
  if (project.status === "archived") {
    throw conflict("This project is archived; unarchive it before adding sessions.", { currentStatus: project.status });
  }
  return project;
}

export async function createSession(actor: Actor, projectId: string, input: CreateSessionInput) {
  const data = createSessionSchema.parse(input);
  return db.$transaction(async (tx) => {
    const project = await lockLiveProject(tx, projectId);
    const errors = { ...scopeFieldErrors(data.scope, project.primary_url), ...(await authConfigFieldErrors(tx, data.authConfigId, projectId)) };
    if (Object.keys(errors).length > 0) throw invalidFields(errors);
    const now = new Date();
    const row = await tx.testSession.create({
      data: {
        projectId,
        name: data.name,
        description: data.description ?? null,
        approach: data.approach,
        wcagVersion: toDbWcagVersion(data.wcagVersion),
        wcagLevel: data.wcagLevel,
        scope: data.scope,
        scanOptions: data.scanOptions,
        authConfigId: data.authConfigId ?? null,
        authMode: data.authMode,
        createdById: actor.id,
        createdAt: now,
        updatedAt: now,
      },
      select: sessionSelect,
    });
    await touchProjectActivity(tx, projectId, now);
    const session = toSessionView(row);
    await recordAudit(tx, actor, {
      action: "session.create",
      recordType: RECORD_TYPE,
      recordId: session.id,
      changes: {
        projectId,
        name: session.name,
        approach: session.approach,
        wcagVersion: session.wcagVersion,
        wcagLevel: session.wcagLevel,
        scope: scopeSummary(session.scope),
        authConfigId: session.authConfigId,
        authMode: session.authMode,
      },
    });
    return session;
  });
}

export async function updateSession(actor: Actor, id: string, input: UpdateSessionInput) {
  const { expectedUpdatedAt, status, ...fields } = updateSessionSchema.parse(input);
  return db.$transaction(async (tx) => {
    const version = await lockVersion(tx, "test_sessions", id, "Test session", expectedUpdatedAt);
    const before = toSessionView(await tx.testSession.findUniqueOrThrow({ where: { id }, select: sessionSelect }));
    if (version.stale) {
      throw await staleEditError(tx, { what: "session", recordType: RECORD_TYPE, recordId: id, expectedUpdatedAt, current: before });
    }
    const changes = diffFields(before as unknown as Record<string, unknown>, fields);
    // JSONB stores keys in its own order; compare scopes by content.
    if (changes.scope && fields.scope && sameJson(fields.scope, before.scope)) delete changes.scope;
    if (changes.scanOptions && fields.scanOptions && sameJson(fields.scanOptions, before.scanOptions)) delete changes.scanOptions;
    const settingsChanged = SCAN_SETTINGS.filter((field) => field in changes);
    if (settingsChanged.length > 0 && (before.status === "queued" || before.status === "running")) {
      throw conflict(`A ${before.status} session's scan settings cannot change; cancel it or wait until it ends.`, {
        currentStatus: before.status,
      });
    }
    const errors = {
      ...(fields.scope && "scope" in changes ? scopeFieldErrors(fields.scope, before.project.primaryUrl) : {}),
      ...("authConfigId" in changes ? await authConfigFieldErrors(tx, fields.authConfigId, before.projectId) : {}),
    };
    if (Object.keys(errors).length > 0) throw invalidFields(errors);

    const statusChanges = status !== undefined && status !== before.status;
    if (statusChanges) {
      if ((fields.approach ?? before.approach) !== "manual") {
        throw conflict("Only a manual session's status is set by hand; automated and hybrid sessions change status through scans.", {
          currentStatus: before.status,
        });
      }
      assertTransition(before.status, status);
      changes.status = { from: before.status, to: status };
    }
    if (Object.keys(changes).length === 0) return before;

    const now = version.nextUpdatedAt;
    const data: Prisma.TestSessionUncheckedUpdateInput = {
      ...fields,
      wcagVersion: fields.wcagVersion ? toDbWcagVersion(fields.wcagVersion) : undefined,
      ...(statusChanges ? { status, ...transitionTimestamps(status, now) } : {}),
      updatedAt: now,
    };
    const session = toSessionView(await tx.testSession.update({ where: { id }, data, select: sessionSelect }));
    await touchProjectActivity(tx, before.projectId, now);
    // URL lists can be long: the audit log keeps their size, not their content.
    if ("scope" in changes) changes.scope = { from: scopeSummary(before.scope), to: scopeSummary(session.scope) };
    await recordAudit(tx, actor, {
      action: statusChanges && Object.keys(changes).length === 1 ? "session.status_change" : "session.update",
      recordType: RECORD_TYPE,
      recordId: id,
      changes: { ...changes, updatedAt: { from: before.updatedAt.toISOString(), to: now.toISOString() } },
    });
    return session;
  });
}

/** A new draft session with the same scope and settings as `id`. */
export async function duplicateSession(actor: Actor, id: string, input: { name?: string } = {}) {
  const data = duplicateSessionSchema.parse(input);
  return db.$transaction(async (tx) => {
    const source = await tx.testSession.findUnique({
      where: { id },
      select: {
        projectId: true,
        name: true,
        description: true,
        approach: true,
        wcagVersion: true,
        wcagLevel: true,
        scope: true,
        scanOptions: true,
        authConfigId: true,
        authMode: true,
      },
    });
    if (!source) throw notFound("Test session");
    await lockLiveProject(tx, source.projectId);
    const now = new Date();
    const row = await tx.testSession.create({
      data: {
        ...source,
        scope: source.scope ?? {},
        scanOptions: source.scanOptions ?? {},
        name: data.name ?? `${source.name} (copy)`.slice(0, 200),
        status: "draft",
        createdById: actor.id,
        createdAt: now,
        updatedAt: now,
      },
      select: sessionSelect,
    });
    await touchProjectActivity(tx, source.projectId, now);
    await recordAudit(tx, actor, {
      action: "session.duplicate",
      recordType: RECORD_TYPE,
      recordId: row.id,
      changes: { duplicatedFrom: id, projectId: source.projectId, name: row.name },
    });
    return toSessionView(row);
  });
}
