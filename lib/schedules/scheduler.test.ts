/**
 * Scheduled scans against a real PostgreSQL: a due tick starts exactly one scan even with two
 * scheduler processes racing, and a schedule that fell due while nothing ran fires once.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createSchedule, updateSchedule } from "@/lib/schedules/mutations";
import { fireDueSchedules } from "@/lib/schedules/scheduler";
import { cronFromForm, describeCron, nextTick } from "@/lib/schedules/schema";
import { createTestProject, createTestSession, createTestUser, type TestUser } from "@/tests/support/factories";
import { waitFor } from "@/tests/support/scan-factories";

/** Starts a scheduler process; `ready` resolves once it polls, `result` with what it fired. */
function schedulerProcess() {
  const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), path.resolve("tests/support/scheduler-process.ts")], {
    env: process.env,
    stdio: ["pipe", "pipe", "inherit"],
  });
  let output = "";
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes("ready\n")) markReady();
  });
  const result = new Promise<number>((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve((JSON.parse(output.split("\n")[1]!) as { fired: number }).fired) : reject(new Error(`scheduler exited with ${code}`)))),
  );
  return { ready, result, stop: () => child.stdin.end() };
}

let tester: TestUser;

beforeAll(async () => {
  tester = await createTestUser("TESTER");
});

async function scheduledSession(cron: string) {
  const project = await createTestProject(tester.actor);
  const session = await createTestSession(tester.actor, project);
  const schedule = await createSchedule(tester.actor, project.id, { sessionId: session.id, cron, timezone: "Europe/Berlin" });
  return { project, session, schedule };
}

async function scanStarts(sessionId: string) {
  return db.auditEvent.count({ where: { recordId: sessionId, action: "session.scan_start" } });
}

describe("schedule forms", () => {
  it("compile to cron and read back in words", () => {
    expect(cronFromForm({ frequency: "weekly", weekday: 1, time: "06:00" })).toBe("0 6 * * 1");
    expect(cronFromForm({ frequency: "daily", time: "23:05" })).toBe("5 23 * * *");
    expect(cronFromForm({ frequency: "hourly", minute: 15 })).toBe("15 * * * *");
    expect(describeCron("0 6 * * 1")).toBe("Weekly on Monday at 06:00");
    expect(describeCron("*/10 * * * *")).toBe("Cron */10 * * * *");
    // Monday 06:00 in Berlin is 05:00 UTC in winter and 04:00 UTC in summer.
    expect(nextTick("0 6 * * 1", "Europe/Berlin", new Date("2026-12-01T00:00:00Z"))?.toISOString()).toBe("2026-12-07T05:00:00.000Z");
    expect(nextTick("0 6 * * 1", "Europe/Berlin", new Date("2026-07-01T00:00:00Z"))?.toISOString()).toBe("2026-07-06T04:00:00.000Z");
  });
});

describe("scheduler", () => {
  it("starts each due scan exactly once with two scheduler processes racing on one database", async () => {
    const schedules = await Promise.all(Array.from({ length: 8 }, () => scheduledSession("*/5 * * * *")));
    const ids = schedules.map(({ schedule }) => schedule.id);
    const processes = [schedulerProcess(), schedulerProcess()];
    await Promise.all(processes.map((child) => child.ready));
    // Every schedule falls due at once, while both processes are polling.
    const dueAt = new Date(Date.now() - 1_000);
    await db.scanSchedule.updateMany({ where: { id: { in: ids } }, data: { nextRunAt: dueAt } });
    await waitFor(
      () => db.scanSchedule.count({ where: { id: { in: ids }, nextRunAt: { lte: dueAt } } }),
      (stillDue) => stillDue === 0,
      30_000,
      "every schedule to be claimed",
    );
    for (const child of processes) child.stop();
    const fired = await Promise.all(processes.map((child) => child.result));
    expect(fired.reduce((sum, count) => sum + count, 0)).toBe(ids.length);
    for (const { session, schedule } of schedules) {
      expect(await scanStarts(session.id)).toBe(1);
      expect(await db.auditEvent.count({ where: { recordId: schedule.id, action: "schedule.fired" } })).toBe(1);
      const after = await db.scanSchedule.findUniqueOrThrow({ where: { id: schedule.id }, select: { nextRunAt: true, lastError: true } });
      expect(after.nextRunAt!.getTime()).toBeGreaterThan(dueAt.getTime());
      expect(after.lastError).toBeNull();
      expect((await db.testSession.findUniqueOrThrow({ where: { id: session.id }, select: { status: true } })).status).toBe("queued");
    }
  }, 60_000);

  it("fires a schedule that fell due during downtime once, not once per missed tick", async () => {
    const { session, schedule } = await scheduledSession("0 * * * *");
    // Down for five hours: five hourly ticks were missed.
    await db.scanSchedule.update({ where: { id: schedule.id }, data: { nextRunAt: new Date(Date.now() - 5 * 3_600_000) } });
    const first = await fireDueSchedules();
    expect(first.filter((fired) => fired.scheduleId === schedule.id)).toHaveLength(1);
    const again = await fireDueSchedules();
    expect(again.filter((fired) => fired.scheduleId === schedule.id)).toHaveLength(0);
    expect(await scanStarts(session.id)).toBe(1);
    // The run says a schedule started it, which one, and for whom.
    const runs = await db.scanRun.findMany({ where: { sessionId: session.id }, select: { trigger: true, scheduleId: true, triggeredById: true, apiTokenId: true } });
    expect(runs).toEqual([{ trigger: "schedule", scheduleId: schedule.id, triggeredById: schedule.createdBy.id, apiTokenId: null }]);
    const after = await db.scanSchedule.findUniqueOrThrow({ where: { id: schedule.id }, select: { nextRunAt: true } });
    // The next tick is the next full hour from now, not one of the missed ones.
    expect(after.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect(after.nextRunAt!.getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);
  });

  it("records why a tick started nothing, and fires nothing while disabled", async () => {
    const { session, schedule } = await scheduledSession("0 * * * *");
    await db.testSession.update({ where: { id: session.id }, data: { status: "running" } });
    await db.scanSchedule.update({ where: { id: schedule.id }, data: { nextRunAt: new Date(Date.now() - 1_000) } });
    const [fired] = (await fireDueSchedules()).filter((entry) => entry.scheduleId === schedule.id);
    expect(fired).toMatchObject({ started: false, error: expect.stringContaining("running") });
    expect((await db.scanSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).lastError).toContain("running");

    const disabled = await updateSchedule(tester.actor, schedule.id, { enabled: false });
    expect(disabled.nextRunAt).toBeNull();
    expect((await fireDueSchedules()).filter((entry) => entry.scheduleId === schedule.id)).toHaveLength(0);
    const enabled = await updateSchedule(tester.actor, schedule.id, { enabled: true });
    expect(enabled.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect(enabled.lastError).toBeNull();
  });
});
