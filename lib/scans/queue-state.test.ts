import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, sqlPool } from "@/lib/db";
import { createHealthMonitor, queueWarnings } from "@/lib/health";
import { createProject, createScanSession, createTester, waitFor } from "@/tests/support/scan-factories";
import { readQueue } from "./queue-state";
import { startScanWorker } from "./worker";

describe("queue visibility", () => {
  const runs: string[] = [];
  const workers: string[] = [];

  afterAll(async () => {
    await db.scanRun.updateMany({ where: { id: { in: runs } }, data: { status: "cancelled" } });
    await db.scanWorker.deleteMany({ where: { id: { in: workers } } });
  });

  it("a worker's heartbeat row appears while it runs and goes when it stops", async () => {
    const worker = startScanWorker({ concurrency: 1, pollMs: 200 });
    try {
      const row = await waitFor(() => db.scanWorker.findUnique({ where: { id: worker.id } }), (found) => found !== null, 20_000, "the worker's heartbeat");
      expect(row).toMatchObject({ pid: process.pid, concurrency: 1 });
      expect(Date.now() - row!.lastHeartbeatAt.getTime()).toBeLessThan(15_000);
    } finally {
      await worker.stop();
    }
    expect(await db.scanWorker.findUnique({ where: { id: worker.id } })).toBeNull();
  });

  it("counts pending and running pages, finds the oldest waiting one, and tells live workers from silent ones (health shows the same, without URLs or hosts)", async () => {
    const tester = await createTester();
    const project = await createProject(tester.id, "http://127.0.0.1:9/");
    const session = (await createScanSession(tester.id, project.id, { urls: [] })).id;
    const run = (await db.scanRun.create({ data: { sessionId: session, number: 1, status: "cancelled" }, select: { id: true } })).id;
    runs.push(run);
    const page = (n: number, state: "pending" | "scanning", age: string) =>
      db.$executeRaw`INSERT INTO page_results (id, session_id, run_id, url, state, created_at, updated_at)
                     VALUES (${randomUUID()}::uuid, ${session}::uuid, ${run}::uuid, ${`http://127.0.0.1:9/${n}`}, ${state}::"PageState", now() - ${age}::interval, now() - ${age}::interval)`;
    // Older than anything another test file queues while this one runs.
    await page(0, "pending", "10 days");
    await page(1, "pending", "1 minute");
    await page(2, "scanning", "1 second");
    const live = `test-host:1:${randomUUID().slice(0, 8)}`;
    const silent = `test-host:2:${randomUUID().slice(0, 8)}`;
    workers.push(live, silent);
    await db.scanWorker.create({ data: { id: live, hostname: "test-host", pid: 1, concurrency: 2, pagesRecorded: 7 } });
    await db.scanWorker.create({ data: { id: silent, hostname: "test-host", pid: 2, concurrency: 2, lastHeartbeatAt: new Date(Date.now() - 5 * 60_000) } });

    // Workers of other test files may scan this database: the rows are locked as a claim would
    // lock them, so none is taken while the queue is read (claims skip locked rows).
    const client = await sqlPool().connect();
    const monitor = createHealthMonitor({ databaseUrl: process.env.DATABASE_URL!, recheckMs: 60_000, leaseSeconds: 30 });
    try {
      await client.query("BEGIN");
      await client.query("SELECT id FROM page_results WHERE run_id = $1 FOR UPDATE", [run]);
      await db.scanRun.update({ where: { id: run }, data: { status: "running" } });
      const queue = await readQueue(sqlPool(), 30);
      expect(queue.pending).toBeGreaterThanOrEqual(2);
      expect(queue.running).toBeGreaterThanOrEqual(1);
      expect(queue.oldestWaitingPage).toMatchObject({ url: "http://127.0.0.1:9/0", runId: run, sessionId: session });
      expect(queue.oldestWaitingPage!.waitingSeconds).toBeGreaterThanOrEqual(10 * 86_400 - 5);
      expect(queue.workers.find((worker) => worker.id === live)).toMatchObject({ alive: true, pagesRecorded: 7, hostname: "test-host" });
      expect(queue.workers.find((worker) => worker.id === silent)).toMatchObject({ alive: false });

      const health = await monitor.getHealth();
      expect(health.queue!.pending).toBeGreaterThanOrEqual(2);
      expect(health.queue!.oldestWaitingPage!.waitingSeconds).toBeGreaterThanOrEqual(10 * 86_400 - 5);
      const ids = health.queue!.liveWorkers.map((worker) => worker.id);
      expect(ids).toContain(live.split(":")[2]);
      expect(ids).not.toContain(silent.split(":")[2]);
      expect(JSON.stringify(health.queue)).not.toMatch(/127\.0\.0\.1|test-host/);
      await client.query("ROLLBACK");
    } finally {
      client.release();
      await monitor.close();
    }
  });

  it("warns when pages wait and no worker is alive, and only then", () => {
    const waiting = { pending: 3, running: 0, oldestWaitingPage: { since: new Date().toISOString(), waitingSeconds: 40 }, liveWorkers: [] };
    expect(queueWarnings(waiting, 30)).toEqual(["3 pages are waiting to be scanned and no worker has sent a heartbeat in the last 30 s."]);
    expect(queueWarnings({ ...waiting, liveWorkers: [{ id: "a1b2c3d4", lastHeartbeat: new Date().toISOString() }] }, 30)).toEqual([]);
    expect(queueWarnings({ ...waiting, pending: 0, oldestWaitingPage: null }, 30)).toEqual([]);
    expect(queueWarnings(undefined, 30)).toEqual([]);
  });
});
