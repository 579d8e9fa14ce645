/**
 * Creating, changing and deleting schedules. The next tick is computed on every write, so the
 * scheduler only compares `next_run_at` with the clock.
 */
import { diffFields, recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { AppError, invalidFields, notFound } from "@/lib/errors";
import { scheduleSelect, toScheduleView } from "./queries";
import { createScheduleSchema, nextTick, updateScheduleSchema, type CreateScheduleInput, type UpdateScheduleInput } from "./schema";

const RECORD_TYPE = "scan_schedule";

function firstTick(cron: string, timezone: string, enabled: boolean): Date | null {
  if (!enabled) return null;
  const next = nextTick(cron, timezone, new Date());
  if (!next) throw invalidFields({ cron: ["This expression never fires again."] });
  return next;
}

export async function createSchedule(actor: Actor, projectId: string, input: CreateScheduleInput) {
  const data = createScheduleSchema.parse(input);
  return db.$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: projectId }, select: { status: true } });
    if (!project) throw notFound("Project");
    if (project.status === "archived") throw new AppError("conflict", "The project is archived; unarchive it to schedule scans.");
    const session = await tx.testSession.findUnique({ where: { id: data.sessionId }, select: { projectId: true, approach: true } });
    if (!session || session.projectId !== projectId) {
      throw invalidFields({ sessionId: ["No session with this id belongs to the project."] }, "Invalid body: check sessionId.");
    }
    if (session.approach === "manual") {
      throw invalidFields({ sessionId: ["A manual session has no automated scan to schedule."] }, "Invalid body: check sessionId.");
    }
    const schedule = await tx.scanSchedule.create({
      data: { projectId, sessionId: data.sessionId, cron: data.cron, timezone: data.timezone, enabled: data.enabled, nextRunAt: firstTick(data.cron, data.timezone, data.enabled), createdById: actor.id },
      select: scheduleSelect,
    });
    await recordAudit(tx, actor, {
      action: "schedule.create",
      recordType: RECORD_TYPE,
      recordId: schedule.id,
      changes: { projectId, sessionId: data.sessionId, cron: data.cron, timezone: data.timezone, enabled: data.enabled },
    });
    return toScheduleView(schedule);
  });
}

export async function updateSchedule(actor: Actor, id: string, input: UpdateScheduleInput) {
  const data = updateScheduleSchema.parse(input);
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM scan_schedules WHERE id = ${id}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Schedule");
    const before = await tx.scanSchedule.findUniqueOrThrow({ where: { id }, select: scheduleSelect });
    const changes = diffFields(before, data);
    if (Object.keys(changes).length === 0) return toScheduleView(before);
    const cron = data.cron ?? before.cron;
    const timezone = data.timezone ?? before.timezone;
    const enabled = data.enabled ?? before.enabled;
    const schedule = await tx.scanSchedule.update({
      where: { id },
      data: { cron, timezone, enabled, nextRunAt: firstTick(cron, timezone, enabled), ...(enabled && !before.enabled ? { lastError: null } : {}) },
      select: scheduleSelect,
    });
    await recordAudit(tx, actor, { action: "schedule.update", recordType: RECORD_TYPE, recordId: id, changes });
    return toScheduleView(schedule);
  });
}

/** Removes the schedule only; the session and its scans stay. */
export async function deleteSchedule(actor: Actor, id: string): Promise<{ id: string; deleted: true }> {
  return db.$transaction(async (tx) => {
    const before = await tx.scanSchedule.findUnique({ where: { id }, select: { projectId: true, sessionId: true, cron: true, timezone: true, enabled: true } });
    if (!before) throw notFound("Schedule");
    await tx.scanSchedule.delete({ where: { id } });
    await recordAudit(tx, actor, { action: "schedule.delete", recordType: RECORD_TYPE, recordId: id, changes: before });
    return { id, deleted: true as const };
  });
}
