import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, sqlPool } from "@/lib/db";
import { createProject, createScanSession, createTester } from "@/tests/support/scan-factories";
import { getScanProgress, workerSeemsAlive } from "./progress";

describe("a scan waiting in the queue", () => {
  const sessions: string[] = [];
  const runs: string[] = [];

  afterAll(async () => {
    await db.testSession.updateMany({ where: { id: { in: sessions } }, data: { status: "cancelled" } });
    await db.scanRun.updateMany({ where: { id: { in: runs } }, data: { status: "cancelled" } });
  });

  it("says how many pages of other scans go first and how long it has waited", async () => {
    const tester = await createTester();
    const project = await createProject(tester.id, "http://127.0.0.1:9/");
    const earlier = (await createScanSession(tester.id, project.id, { urls: [] })).id;
    const later = (await createScanSession(tester.id, project.id, { urls: [] })).id;
    sessions.push(earlier, later);
    // Runs start out finished so no worker claims their pages before they are locked below.
    const runOf = async (sessionId: string) => (await db.scanRun.create({ data: { sessionId, number: 1, status: "cancelled" }, select: { id: true } })).id;
    const earlierRun = await runOf(earlier);
    const laterRun = await runOf(later);
    runs.push(earlierRun, laterRun);
    const page = (sessionId: string, runId: string, n: number, age: string) =>
      db.$executeRaw`INSERT INTO page_results (id, session_id, run_id, url, state, created_at, updated_at)
                     VALUES (${randomUUID()}::uuid, ${sessionId}::uuid, ${runId}::uuid, ${`http://127.0.0.1:9/${n}`}, 'pending', now() - ${age}::interval, now() - ${age}::interval)`;
    for (let n = 0; n < 3; n++) await page(earlier, earlierRun, n, "10 minutes");
    await page(later, laterRun, 9, "5 minutes");

    // Other test files run scan workers on this database: the rows are locked as a claim would
    // lock them, so no worker takes them while the queue is read (claims skip locked rows).
    const client = await sqlPool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT id FROM page_results WHERE session_id = ANY($1::uuid[]) FOR UPDATE", [[earlier, later]]);
      await db.testSession.updateMany({ where: { id: { in: [earlier, later] } }, data: { status: "queued" } });
      await db.scanRun.updateMany({ where: { id: { in: runs } }, data: { status: "queued" } });
      const first = await getScanProgress(earlier);
      const second = await getScanProgress(later);
      expect(first.queue).toMatchObject({ pagesAhead: 0 });
      expect(second.queue).toMatchObject({ pagesAhead: 3 });
      expect(second.queue!.waitingSeconds).toBeGreaterThanOrEqual(299);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
  });

  it("calls a worker alive while pages are being scanned or the wait is shorter than a lease", () => {
    expect(workerSeemsAlive(300, 0, 30)).toBe(false);
    expect(workerSeemsAlive(300, 1, 30)).toBe(true);
    expect(workerSeemsAlive(10, 0, 30)).toBe(true);
  });
});
