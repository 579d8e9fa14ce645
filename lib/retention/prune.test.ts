import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, sqlPool } from "@/lib/db";
import { addTestResults, createTestProject, createTestSession, createTestUser, type TestUser } from "@/tests/support/factories";
import { updateInstanceRetention, updateProjectRetention } from "./mutations";
import { pruneRetention } from "./prune";

const DAY = 86_400_000;
let admin: TestUser;

beforeAll(async () => {
  admin = await createTestUser("ADMIN");
});

afterAll(async () => {
  // The instance default is shared by every test file of the run: leave it as found (no limits).
  await updateInstanceRetention(admin.actor, { keepRuns: null, keepDays: null, screenshotDays: null });
});

async function projectWithRuns(ages: number[], counts = { pages: 2, violationsPerPage: 3, screenshots: 2 }) {
  const project = await createTestProject(admin.actor);
  const session = await createTestSession(admin.actor, project);
  const runs = [];
  for (const age of ages) runs.push(await addTestResults(session.id, counts, { completedAt: new Date(Date.now() - age * DAY) }));
  // A project-level decision on a finding's fingerprint, as triage records it.
  await db.triageDecision.create({ data: { projectId: project.id, fingerprint: `fp-${project.id}`, status: "false_positive", decidedById: admin.user.id } });
  return { project, session, runs };
}

const runNumbers = async (sessionId: string) => (await db.scanRun.findMany({ where: { sessionId }, select: { number: true }, orderBy: { number: "asc" } })).map((run) => run.number);

describe("retention pruning", () => {
  it("keeps each session's newest N runs, removes the rest with their rows in batches, keeps triage and audits the counts", async () => {
    const { project, session, runs } = await projectWithRuns([40, 30, 20, 10]);
    await updateProjectRetention(admin.actor, project.id, { keepRuns: 2 });
    // Batches of 4 rows: each removed run has 2 pages, 8 findings and 2 screenshots.
    const result = await pruneRetention({ projectIds: [project.id], batchSize: 4, pauseRatio: 0 });
    expect(result.skipped).toBe(false);
    expect(result.projects).toEqual([{ projectId: project.id, runs: 2, pageResults: 4, violations: 16, screenshots: 4, screenshotRuns: 0 }]);
    expect(await runNumbers(session.id)).toEqual([3, 4]);
    const removedIds = runs.slice(0, 2).map((run) => run.id);
    const left = await Promise.all([
      db.pageResult.count({ where: { runId: { in: removedIds } } }),
      db.violation.count({ where: { runId: { in: removedIds } } }),
      db.screenshot.count({ where: { runId: { in: removedIds } } }),
    ]);
    expect(left).toEqual([0, 0, 0]);
    expect(await db.violation.count({ where: { sessionId: session.id } })).toBe(16);
    expect(await db.triageDecision.count({ where: { projectId: project.id } })).toBe(1);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "retention.prune", recordId: project.id }, select: { changes: true, actorId: true } });
    expect(audit.actorId).toBeNull();
    expect(audit.changes).toEqual({
      removed: { runs: 2, pageResults: 4, violations: 16, screenshots: 4, screenshotRuns: 0 },
      runs: [
        { sessionId: session.id, number: 1 },
        { sessionId: session.id, number: 2 },
      ],
    });
    // Nothing more to do: a second pass removes nothing and writes no audit event.
    const again = await pruneRetention({ projectIds: [project.id] });
    expect(again.projects).toEqual([]);
    expect(await db.auditEvent.count({ where: { action: "retention.prune", recordId: project.id } })).toBe(1);
  });

  it("removes runs older than D days but never a session's latest run, however old", async () => {
    const { project, session } = await projectWithRuns([100, 50, 3]);
    const lonely = await createTestSession(admin.actor, project);
    await addTestResults(lonely.id, { pages: 1, violationsPerPage: 1 }, { completedAt: new Date(Date.now() - 400 * DAY) });
    await updateProjectRetention(admin.actor, project.id, { keepDays: 30 });
    await pruneRetention({ projectIds: [project.id], pauseRatio: 0 });
    expect(await runNumbers(session.id)).toEqual([3]);
    expect(await runNumbers(lonely.id)).toEqual([1]);
  });

  it("prunes screenshots sooner than findings: the run and its findings stay, marked", async () => {
    const { project, session, runs } = await projectWithRuns([20, 10, 1]);
    await updateProjectRetention(admin.actor, project.id, { keepDays: 15, screenshotDays: 5 });
    const result = await pruneRetention({ projectIds: [project.id], pauseRatio: 0 });
    expect(result.projects).toEqual([{ projectId: project.id, runs: 1, pageResults: 2, violations: 8, screenshots: 4, screenshotRuns: 1 }]);
    expect(await runNumbers(session.id)).toEqual([2, 3]);
    const second = await db.scanRun.findUniqueOrThrow({ where: { id: runs[1]!.id }, select: { screenshotsPrunedAt: true } });
    expect(second.screenshotsPrunedAt).toBeInstanceOf(Date);
    expect(await db.screenshot.count({ where: { runId: runs[1]!.id } })).toBe(0);
    expect(await db.violation.count({ where: { runId: runs[1]!.id } })).toBe(8);
    // The latest run keeps its screenshots.
    expect(await db.screenshot.count({ where: { runId: runs[2]!.id } })).toBe(2);
  });

  it("applies the instance default where the project sets nothing, and the project's own value over it", async () => {
    const plain = await projectWithRuns([3, 2, 1], { pages: 1, violationsPerPage: 1, screenshots: 0 });
    const own = await projectWithRuns([3, 2, 1], { pages: 1, violationsPerPage: 1, screenshots: 0 });
    await updateProjectRetention(admin.actor, own.project.id, { keepRuns: 3 });
    await updateInstanceRetention(admin.actor, { keepRuns: 1 });
    try {
      await pruneRetention({ projectIds: [plain.project.id, own.project.id], pauseRatio: 0 });
    } finally {
      await updateInstanceRetention(admin.actor, { keepRuns: null });
    }
    expect(await runNumbers(plain.session.id)).toEqual([3]);
    expect(await runNumbers(own.session.id)).toEqual([1, 2, 3]);
  });

  it("never touches a queued or running run", async () => {
    const { project, session } = await projectWithRuns([10, 5]);
    // A run in progress, as a worker leaves it: a page still waiting (a sweep leaves it alone too).
    const running = await db.scanRun.create({ data: { sessionId: session.id, number: 3, status: "running", startedAt: new Date() }, select: { id: true } });
    await db.pageResult.create({ data: { sessionId: session.id, runId: running.id, url: "https://retention.example.org/waiting", state: "pending" } });
    await db.scanRun.update({ where: { sessionId_number: { sessionId: session.id, number: 2 } }, data: { status: "queued", completedAt: null } });
    await updateProjectRetention(admin.actor, project.id, { keepRuns: 1, keepDays: 1 });
    await pruneRetention({ projectIds: [project.id], pauseRatio: 0 });
    expect(await runNumbers(session.id)).toEqual([2, 3]);
  });

  it("skips the pass while another process holds the pruner's lock", async () => {
    const { project, session } = await projectWithRuns([3, 2, 1], { pages: 1, violationsPerPage: 1, screenshots: 0 });
    await updateProjectRetention(admin.actor, project.id, { keepRuns: 1 });
    const other = await sqlPool().connect();
    try {
      await other.query("SELECT pg_advisory_lock(1802018)");
      const result = await pruneRetention({ projectIds: [project.id] });
      expect(result.skipped).toBe(true);
      expect(await runNumbers(session.id)).toEqual([1, 2, 3]);
    } finally {
      await other.query("SELECT pg_advisory_unlock(1802018)");
      other.release();
    }
    expect((await pruneRetention({ projectIds: [project.id], pauseRatio: 0 })).skipped).toBe(false);
    expect(await runNumbers(session.id)).toEqual([3]);
  });
});
