import { beforeAll, describe, expect, it } from "vitest";
import { addTestResults, createTestProject, createTestSession, createTestUser, type TestUser } from "@/tests/support/factories";
import { updateProjectRetention } from "./mutations";
import { pruneRetention } from "./prune";
import { getStorageReport } from "./storage";

let admin: TestUser;

beforeAll(async () => {
  admin = await createTestUser("ADMIN");
});

describe("storage report", () => {
  it("counts each project's rows, estimates its size and what retention would free, and agrees with what a pass then removes", async () => {
    const project = await createTestProject(admin.actor);
    const session = await createTestSession(admin.actor, project);
    for (const age of [30, 20, 10]) await addTestResults(session.id, { pages: 3, violationsPerPage: 4, screenshots: 2 }, { completedAt: new Date(Date.now() - age * 86_400_000) });
    const empty = await createTestProject(admin.actor);

    const untouched = await getStorageReport();
    const mine = untouched.projects.find((row) => row.projectId === project.id)!;
    // 3 runs × 3 pages × (4 violations + 1 needs-review finding), 2 screenshots per run.
    expect(mine.rows).toEqual({ runs: 3, pageResults: 9, findings: 45, screenshots: 6 });
    expect(mine.bytes).toBeGreaterThan(0);
    expect(mine.reclaimable).toEqual({ runs: 0, pageResults: 0, findings: 0, screenshots: 0, bytes: 0 });
    expect(untouched.projects.find((row) => row.projectId === empty.id)).toMatchObject({ rows: { runs: 0, pageResults: 0, findings: 0, screenshots: 0 }, bytes: 0 });
    expect(untouched.databaseBytes).toBeGreaterThanOrEqual(untouched.resultsBytes);

    await updateProjectRetention(admin.actor, project.id, { keepRuns: 2, screenshotDays: 15 });
    const planned = (await getStorageReport()).projects.find((row) => row.projectId === project.id)!;
    // Run 1 goes whole; run 2 (20 days old) loses its screenshots; run 3 is the latest.
    expect(planned.reclaimable).toMatchObject({ runs: 1, pageResults: 3, findings: 15, screenshots: 4 });
    expect(planned.reclaimable.bytes).toBeGreaterThan(0);
    expect(planned.reclaimable.bytes).toBeLessThan(planned.bytes);

    const [pruned] = (await pruneRetention({ projectIds: [project.id], pauseRatio: 0 })).projects;
    expect(pruned).toMatchObject({ runs: 1, pageResults: 3, violations: 15, screenshots: 4 });
    const after = (await getStorageReport()).projects.find((row) => row.projectId === project.id)!;
    expect(after.rows).toEqual({ runs: 2, pageResults: 6, findings: 30, screenshots: 2 });
    expect(after.reclaimable.runs + after.reclaimable.screenshots).toBe(0);
  });
});
