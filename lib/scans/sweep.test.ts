import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestProject, createTestSession, createTestUser } from "@/tests/support/factories";
import { MAX_ATTEMPTS } from "./claim";
import { sweepScans } from "./sweep";

const LEASE_MS = 1_000;

async function runningSession() {
  const tester = await createTestUser("TESTER");
  const project = await createTestProject(tester.actor);
  const session = await createTestSession(tester.actor, project);
  await db.testSession.update({ where: { id: session.id }, data: { status: "running", startedAt: new Date() } });
  const run = await db.scanRun.create({ data: { sessionId: session.id, number: 1, status: "running", startedAt: new Date() }, select: { id: true } });
  return { id: session.id, runId: run.id };
}

/** A page a worker claimed and then stopped heart-beating for, `attempts` times. */
async function abandonedPage(session: { id: string; runId: string }, url: string, attempts: number) {
  const page = await db.pageResult.create({ data: { sessionId: session.id, runId: session.runId, url, state: "scanning", attempts }, select: { id: true } });
  await db.$executeRaw`UPDATE page_results SET updated_at = now() - interval '1 minute' WHERE id = ${page.id}::uuid`;
  return page;
}

describe("sweepScans: pages whose worker died MAX_ATTEMPTS times", () => {
  it("gives up on a page after MAX_ATTEMPTS, leaves one with attempts left for a retry", async () => {
    const session = await runningSession();
    const givenUp = await abandonedPage(session, "https://sweep.example.org/given-up", MAX_ATTEMPTS);
    const retried = await abandonedPage(session, "https://sweep.example.org/retried", MAX_ATTEMPTS - 1);
    await sweepScans(LEASE_MS);
    const rows = await db.pageResult.findMany({ where: { id: { in: [givenUp.id, retried.id] } }, select: { id: true, state: true, error: true, scannedAt: true } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(givenUp.id)).toMatchObject({ state: "error", error: expect.stringMatching(new RegExp(`stopped responding ${MAX_ATTEMPTS} times; giving up`)), scannedAt: expect.any(Date) });
    expect(byId.get(retried.id)).toMatchObject({ state: "scanning", error: null });
    // A page is still to be retried: the run goes on.
    expect((await db.scanRun.findUniqueOrThrow({ where: { id: session.runId }, select: { status: true } })).status).toBe("running");
  });

  it("does not give up on a page whose worker is still within its lease", async () => {
    const session = await runningSession();
    const page = await db.pageResult.create({ data: { sessionId: session.id, runId: session.runId, url: "https://sweep.example.org/live", state: "scanning", attempts: MAX_ATTEMPTS }, select: { id: true } });
    await sweepScans(60_000);
    expect((await db.pageResult.findUniqueOrThrow({ where: { id: page.id }, select: { state: true } })).state).toBe("scanning");
  });

  it("ends the run once its last page is given up on", async () => {
    const session = await runningSession();
    await abandonedPage(session, "https://sweep.example.org/only", MAX_ATTEMPTS);
    await sweepScans(LEASE_MS);
    const after = await db.scanRun.findUniqueOrThrow({ where: { id: session.runId }, select: { status: true } });
    expect(after.status).not.toBe("running");
  });
});
