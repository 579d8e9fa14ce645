/** Changing retention settings (admins): a project's own, or the instance default. Audited. */
import { diffFields, recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { getInstanceRetention, getProjectRetention, toSettings, type ProjectRetention } from "./queries";
import { updateRetentionSchema, type RetentionSettings, type UpdateRetentionInput } from "./schema";

function toColumns(input: Partial<RetentionSettings>) {
  return {
    ...(input.keepRuns !== undefined ? { retentionKeepRuns: input.keepRuns } : {}),
    ...(input.keepDays !== undefined ? { retentionKeepDays: input.keepDays } : {}),
    ...(input.screenshotDays !== undefined ? { retentionScreenshotDays: input.screenshotDays } : {}),
  };
}

export async function updateProjectRetention(actor: Actor, projectId: string, input: UpdateRetentionInput): Promise<ProjectRetention> {
  const data = updateRetentionSchema.parse(input);
  await db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM projects WHERE id = ${projectId}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Project");
    const before = toSettings(await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { retentionKeepRuns: true, retentionKeepDays: true, retentionScreenshotDays: true } }));
    const changes = diffFields(before, data);
    if (Object.keys(changes).length === 0) return;
    await tx.project.update({ where: { id: projectId }, data: toColumns(data) });
    await recordAudit(tx, actor, { action: "project.retention", recordType: "project", recordId: projectId, changes });
  });
  return getProjectRetention(projectId);
}

export async function updateInstanceRetention(actor: Actor, input: UpdateRetentionInput): Promise<RetentionSettings> {
  const data = updateRetentionSchema.parse(input);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO instance_settings (id, updated_at) VALUES (1, now()) ON CONFLICT (id) DO NOTHING`;
    await tx.$queryRaw`SELECT id FROM instance_settings WHERE id = 1 FOR UPDATE`;
    const row = await tx.instanceSettings.findUniqueOrThrow({ where: { id: 1 }, select: { retentionKeepRuns: true, retentionKeepDays: true, retentionScreenshotDays: true } });
    const changes = diffFields(toSettings(row), data);
    if (Object.keys(changes).length === 0) return;
    await tx.instanceSettings.update({ where: { id: 1 }, data: toColumns(data) });
    await recordAudit(tx, actor, { action: "instance.retention", recordType: "instance_settings", recordId: "1", changes });
  });
  return getInstanceRetention();
}
