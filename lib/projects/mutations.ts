import { diffFields, recordAudit, type Actor } from "@/lib/audit/record";
import { lockVersion, staleEditError } from "@/lib/concurrency/stale-edit";
import { db, type DbTransaction } from "@/lib/db";
import { AppError, conflict, invalidFields, notFound } from "@/lib/errors";
import { countProjectContents, projectSelect } from "./queries";
import {
  archiveProjectSchema,
  createProjectSchema,
  deleteProjectSchema,
  updateProjectSchema,
  type CreateProjectInput,
  type DeleteProjectInput,
  type UpdateProjectInput,
} from "./schema";

const RECORD_TYPE = "project";

/**
 * A project's default auth config must exist and be usable by it: shared (no project) or the
 * project's own. A project being created has no configs of its own yet, so only shared ones fit.
 */
async function assertDefaultAuthConfig(tx: DbTransaction, authConfigId: string | null | undefined, projectId: string | null): Promise<void> {
  if (!authConfigId) return;
  const config = await tx.authConfig.findUnique({ where: { id: authConfigId }, select: { projectId: true } });
  const problem = !config
    ? "This auth config does not exist."
    : config.projectId !== null && config.projectId !== projectId
      ? "This auth config belongs to another project."
      : null;
  if (problem) throw invalidFields({ defaultAuthConfigId: [problem] }, "Invalid body: check defaultAuthConfigId.");
}

/**
 * Names are unique among non-archived projects, case-insensitively. A partial unique index cannot
 * be declared in the Prisma schema, so the check runs under an advisory lock on the lower-cased
 * name: two transactions claiming the same name queue on the lock and the second sees the first.
 */
async function assertNameAvailable(tx: DbTransaction, name: string, exceptId?: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(lower(${name})))`;
  const [taken] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text FROM projects
    WHERE lower(name) = lower(${name}) AND status <> 'archived'
      AND (${exceptId ?? null}::uuid IS NULL OR id <> ${exceptId ?? null}::uuid)
    LIMIT 1`;
  if (taken) {
    const message = "Another project already uses this name. Choose a different name.";
    throw new AppError("conflict", message, { fields: { name: [message] } });
  }
}

export async function createProject(actor: Actor, input: CreateProjectInput) {
  const data = createProjectSchema.parse(input);
  return db.$transaction(async (tx) => {
    await assertNameAvailable(tx, data.name);
    await assertDefaultAuthConfig(tx, data.defaultAuthConfigId, null);
    const project = await tx.project.create({
      data: {
        defaultAuthConfigId: data.defaultAuthConfigId ?? null,
        name: data.name,
        clientName: data.clientName ?? null,
        primaryUrl: data.primaryUrl,
        description: data.description ?? null,
        status: data.status,
        createdById: actor.id,
      },
      select: projectSelect,
    });
    await recordAudit(tx, actor, {
      action: "project.create",
      recordType: RECORD_TYPE,
      recordId: project.id,
      changes: {
        name: project.name,
        clientName: project.clientName,
        primaryUrl: project.primaryUrl,
        description: project.description,
        status: project.status,
        defaultAuthConfigId: project.defaultAuthConfigId,
      },
    });
    return project;
  });
}

export async function updateProject(actor: Actor, id: string, input: UpdateProjectInput) {
  const { expectedUpdatedAt, ...data } = updateProjectSchema.parse(input);
  return db.$transaction(async (tx) => {
    const version = await lockVersion(tx, "projects", id, "Project", expectedUpdatedAt);
    const before = await tx.project.findUniqueOrThrow({ where: { id }, select: projectSelect });
    if (version.stale) {
      throw await staleEditError(tx, { what: "project", recordType: RECORD_TYPE, recordId: id, expectedUpdatedAt, current: before });
    }
    if (before.status === "archived" && data.status !== undefined) {
      throw conflict("This project is archived; unarchive it before changing its status.", { currentStatus: before.status });
    }
    const nameChanged = data.name !== undefined && data.name.toLowerCase() !== before.name.toLowerCase();
    if (nameChanged && before.status !== "archived" && data.name !== undefined) await assertNameAvailable(tx, data.name, id);
    if (data.defaultAuthConfigId !== before.defaultAuthConfigId) await assertDefaultAuthConfig(tx, data.defaultAuthConfigId, id);

    const changes = diffFields(before, data);
    if (Object.keys(changes).length === 0) return before;
    const now = version.nextUpdatedAt;
    const project = await tx.project.update({
      where: { id },
      data: { ...data, updatedAt: now, lastActivityAt: now },
      select: projectSelect,
    });
    await recordAudit(tx, actor, {
      action: "project.update",
      recordType: RECORD_TYPE,
      recordId: id,
      changes: { ...changes, updatedAt: { from: before.updatedAt.toISOString(), to: project.updatedAt.toISOString() } },
    });
    return project;
  });
}

/** Archiving hides the project from default lists and keeps everything it holds. */
export async function archiveProject(actor: Actor, id: string, input: { expectedUpdatedAt?: string } = {}) {
  const { expectedUpdatedAt } = archiveProjectSchema.parse(input);
  return db.$transaction(async (tx) => {
    const version = await lockVersion(tx, "projects", id, "Project", expectedUpdatedAt);
    const before = await tx.project.findUniqueOrThrow({ where: { id }, select: projectSelect });
    if (version.stale && expectedUpdatedAt) {
      throw await staleEditError(tx, { what: "project", recordType: RECORD_TYPE, recordId: id, expectedUpdatedAt, current: before });
    }
    if (before.status === "archived") throw conflict("This project is already archived.", { currentStatus: before.status });
    const now = version.nextUpdatedAt;
    const project = await tx.project.update({
      where: { id },
      data: { status: "archived", archivedAt: now, updatedAt: now },
      select: projectSelect,
    });
    await recordAudit(tx, actor, {
      action: "project.archive",
      recordType: RECORD_TYPE,
      recordId: id,
      changes: {
        status: { from: before.status, to: "archived" },
        updatedAt: { from: before.updatedAt.toISOString(), to: now.toISOString() },
      },
    });
    return project;
  });
}

/** Restores an archived project as active, provided no other live project took its name meanwhile. */
export async function unarchiveProject(actor: Actor, id: string, input: { expectedUpdatedAt?: string } = {}) {
  const { expectedUpdatedAt } = archiveProjectSchema.parse(input);
  return db.$transaction(async (tx) => {
    const version = await lockVersion(tx, "projects", id, "Project", expectedUpdatedAt);
    const before = await tx.project.findUniqueOrThrow({ where: { id }, select: projectSelect });
    if (version.stale && expectedUpdatedAt) {
      throw await staleEditError(tx, { what: "project", recordType: RECORD_TYPE, recordId: id, expectedUpdatedAt, current: before });
    }
    if (before.status !== "archived") throw conflict("This project is not archived.", { currentStatus: before.status });
    await assertNameAvailable(tx, before.name, id);
    const now = version.nextUpdatedAt;
    const project = await tx.project.update({
      where: { id },
      data: { status: "active", archivedAt: null, updatedAt: now, lastActivityAt: now },
      select: projectSelect,
    });
    await recordAudit(tx, actor, {
      action: "project.unarchive",
      recordType: RECORD_TYPE,
      recordId: id,
      changes: {
        status: { from: "archived", to: "active" },
        updatedAt: { from: before.updatedAt.toISOString(), to: now.toISOString() },
      },
    });
    return project;
  });
}

/**
 * Permanently removes an archived project with its sessions, results, violations and screenshots
 * (foreign-key cascades). The audit event keeps the name and the counts of what went.
 */
export async function deleteProject(actor: Actor, id: string, input: DeleteProjectInput) {
  const { confirmName } = deleteProjectSchema.parse(input);
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM projects WHERE id = ${id}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Project");
    const project = await tx.project.findUniqueOrThrow({ where: { id }, select: projectSelect });
    if (project.status !== "archived") {
      throw conflict("Only an archived project can be deleted. Archive it first.", { currentStatus: project.status });
    }
    if (confirmName.trim() !== project.name) {
      throw invalidFields({ confirmName: ["Type the project's name exactly as shown to confirm."] }, "The confirmation does not match the project's name.");
    }
    // Sessions are locked too, so a scan cannot add results between the count and the delete.
    await tx.$executeRaw`SELECT 1 FROM test_sessions WHERE project_id = ${id}::uuid FOR UPDATE`;
    const removed = await countProjectContents(id, tx);
    await tx.project.delete({ where: { id } });
    await recordAudit(tx, actor, {
      action: "project.delete",
      recordType: RECORD_TYPE,
      recordId: id,
      changes: { name: project.name, primaryUrl: project.primaryUrl, removed },
    });
    return { id, name: project.name, removed };
  });
}
