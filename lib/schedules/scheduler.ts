/**
 * The scheduler loop every worker process runs. Any number of them may run against one
 * database: a due tick is claimed by one conditional UPDATE (`next_run_at` still equal to the
 * tick read), so exactly one process starts the scan. The next tick is computed from the clock,
 * not from the missed tick, so a schedule that fell due while everything was down starts once.
 */
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { toAppError } from "@/lib/errors";
import { describeError, logger } from "@/lib/logger";
import { startScan } from "@/lib/scans/mutations";
import { nextTick } from "./schema";

export type FiredSchedule = { scheduleId: string; sessionId: string; tick: Date; started: boolean; error?: string };

type DueRow = { id: string; sessionId: string; cron: string; timezone: string; due: Date; creatorId: string; creatorEmail: string };

/** Claims and fires every schedule due at `now`; returns what this process fired. */
export async function fireDueSchedules(now = new Date()): Promise<FiredSchedule[]> {
  const due = await db.$queryRaw<DueRow[]>`
    SELECT s.id::text, s.session_id::text AS "sessionId", s.cron, s.timezone, s.next_run_at AS due,
           u.id::text AS "creatorId", u.email AS "creatorEmail"
    FROM scan_schedules s JOIN users u ON u.id = s.created_by
    WHERE s.enabled AND s.next_run_at <= ${now}
    ORDER BY s.next_run_at LIMIT 50`;
  const fired: FiredSchedule[] = [];
  for (const schedule of due) {
    const next = safeNextTick(schedule, now);
    const claimed = await db.$executeRaw`
      UPDATE scan_schedules SET next_run_at = ${next}, last_run_at = ${now}, updated_at = now()
      WHERE id = ${schedule.id}::uuid AND enabled AND next_run_at = ${schedule.due}`;
    if (claimed !== 1) continue; // Another process fired this tick, or the schedule was changed.
    fired.push(await fire(schedule));
  }
  return fired;
}

function safeNextTick(schedule: DueRow, now: Date): Date | null {
  try {
    return nextTick(schedule.cron, schedule.timezone, now);
  } catch (error) {
    // Validated on write; a zone the runtime no longer knows stops the schedule, not the loop.
    logger.warn("A schedule's next tick could not be computed", { scheduleId: schedule.id, ...describeError(error) });
    return null;
  }
}

async function fire(schedule: DueRow): Promise<FiredSchedule> {
  const base = { scheduleId: schedule.id, sessionId: schedule.sessionId, tick: schedule.due };
  let error: string | undefined;
  try {
    // The scan is started on behalf of whoever created the schedule.
    await startScan({ id: schedule.creatorId, email: schedule.creatorEmail, scheduleId: schedule.id }, schedule.sessionId);
  } catch (caught) {
    const appError = toAppError(caught);
    error = appError.code === "internal" ? "The scan could not be started; the error has been logged." : appError.message;
    if (appError.code === "internal") logger.error("A scheduled scan could not be started", { scheduleId: schedule.id, ...describeError(caught) });
  }
  await db.$transaction(async (tx) => {
    await tx.scanSchedule.update({ where: { id: schedule.id }, data: { lastError: error ?? null } });
    await recordAudit(tx, null, {
      action: error ? "schedule.skipped" : "schedule.fired",
      recordType: "scan_schedule",
      recordId: schedule.id,
      changes: { sessionId: schedule.sessionId, tick: schedule.due.toISOString(), ...(error ? { reason: error } : {}) },
    });
  });
  logger.info(error ? "Scheduled scan skipped" : "Scheduled scan started", { scheduleId: schedule.id, sessionId: schedule.sessionId, ...(error ? { reason: error } : {}) });
  return { ...base, started: !error, ...(error ? { error } : {}) };
}

/** Runs fireDueSchedules every `pollMs` until stopped. */
export function startScheduler(options: { pollMs?: number } = {}): { stop: () => Promise<void> } {
  const pollMs = options.pollMs ?? 15_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      await fireDueSchedules().catch((error: unknown) => logger.warn("Firing due schedules failed", describeError(error)));
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, pollMs);
      });
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
