import { callRoute } from "./call-route";
import { beforeAll, describe, expect, it } from "vitest";
import * as trendsRoute from "@/app/api/v1/projects/[id]/trends/route";
import { db } from "@/lib/db";
import { createTestProject, createTestRun, createTestSession, createTestUser, type TestUser } from "@/tests/support/factories";

let viewer: TestUser;
let tester: TestUser;

beforeAll(async () => {
  [viewer, tester] = await Promise.all([createTestUser("VIEWER"), createTestUser("TESTER")]);
});

type Finding = { fingerprint: string; impact: "critical" | "serious" | "moderate" | "minor"; criteria: string[]; status?: "open" | "wont_fix" };

/** A completed run (of `session`, else of a new session) with the given findings on one page. */
async function completedScan(project: { id: string; primaryUrl: string }, findings: Finding[], completedAt: Date, pages = 1, of?: { id: string }) {
  const session = of ?? (await createTestSession(tester.actor, project));
  const run = await createTestRun(session.id, { completedAt });
  for (let index = 0; index < pages; index += 1) {
    const page = await db.pageResult.create({ data: { sessionId: session.id, runId: run.id, url: `${project.primaryUrl}p${index}`, state: "done" }, select: { id: true } });
    if (index > 0) continue;
    await db.violation.createMany({
      data: findings.map((finding, position) => ({
        sessionId: session.id,
        runId: run.id,
        pageResultId: page.id,
        ruleId: `rule-${position}`,
        impact: finding.impact,
        wcagCriteria: finding.criteria,
        selector: `#x${position}`,
        html: "<div></div>",
        fingerprint: finding.fingerprint,
        status: finding.status ?? "open",
      })),
    });
  }
  await db.testSession.update({ where: { id: session.id }, data: { status: "completed", startedAt: completedAt, completedAt } });
  return session;
}

describe("GET /api/v1/projects/:id/trends", () => {
  it("gives the series over completed runs: open by impact and criterion, pages, new and fixed against the session's previous run", async () => {
    const project = await createTestProject(tester.actor);
    const session = await completedScan(
      project,
      [
        { fingerprint: "a", impact: "serious", criteria: ["1.4.3"] },
        { fingerprint: "b", impact: "critical", criteria: ["1.1.1"] },
        { fingerprint: "c", impact: "minor", criteria: ["1.1.1"], status: "wont_fix" },
      ],
      new Date("2026-12-01T10:00:00Z"),
      2,
    );
    await completedScan(
      project,
      [
        { fingerprint: "b", impact: "critical", criteria: ["1.1.1"] },
        { fingerprint: "d", impact: "moderate", criteria: ["2.4.4", "1.1.1"] },
      ],
      new Date("2026-12-02T10:00:00Z"),
      1,
      session,
    );
    // A run of another session is a point of its own, not compared with the first session's runs.
    await completedScan(project, [{ fingerprint: "e", impact: "minor", criteria: ["4.1.2"] }], new Date("2026-12-03T10:00:00Z"));
    const { status, body } = await callRoute(trendsRoute.GET, { path: `/api/v1/projects/${project.id}/trends`, params: { id: project.id }, headers: viewer.authHeader });
    expect(status).toBe(200);
    expect(body.criteria).toEqual(["1.1.1", "1.4.3", "2.4.4", "4.1.2"]);
    expect(body.points).toHaveLength(3);
    const [first, second, other] = body.points;
    expect(first).toMatchObject({ sessionId: session.id, runNumber: 1 });
    expect(second).toMatchObject({ sessionId: session.id, runNumber: 2 });
    expect(other).toMatchObject({ runNumber: 1, newIssues: 1, fixedIssues: 0 });
    expect(first).toMatchObject({ pagesScanned: 2, open: { critical: 1, serious: 1, moderate: 0, minor: 0, total: 2 }, byCriterion: { "1.4.3": 1, "1.1.1": 1 }, newIssues: 3, fixedIssues: 0 });
    expect(second).toMatchObject({ pagesScanned: 1, open: { critical: 1, serious: 0, moderate: 1, minor: 0, total: 2 }, byCriterion: { "1.1.1": 2, "2.4.4": 1 } });
    // Against the first: d is new; a and c are gone.
    expect(second).toMatchObject({ newIssues: 1, fixedIssues: 2 });
    // The scan score, as on the results page: each page loses points per distinct unresolved rule
    // by impact (critical 15, serious 8, moderate 3, minor 1; won't-fix does not count), pages
    // without findings score 100, and the scan is their mean: (77 + 100) / 2, then 82, then 99.
    expect(body.points.map((point: { score: number | null }) => point.score)).toEqual([89, 82, 99]);
  });

  it("downloads the same series as CSV, and refuses a bad query", async () => {
    const project = await createTestProject(tester.actor);
    await completedScan(project, [{ fingerprint: "x", impact: "serious", criteria: ["4.1.2"] }], new Date("2026-12-03T10:00:00Z"));
    const request = new Request(`http://localhost:3000/api/v1/projects/${project.id}/trends?format=csv`, { headers: viewer.authHeader });
    const response = await trendsRoute.GET(new (await import("next/server")).NextRequest(request), { params: Promise.resolve({ id: project.id }) });
    expect(response.headers.get("content-type")).toContain("text/csv");
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe("run_id,session,run_number,completed_at,pages_scanned,score,open_critical,open_serious,open_moderate,open_minor,open_total,new_issues,fixed_issues,criterion 4.1.2");
    expect(lines[1]).toMatch(/,2026-12-03T10:00:00.000Z,1,92,0,1,0,0,1,1,0,1$/);
    const bad = await callRoute(trendsRoute.GET, { path: `/api/v1/projects/${project.id}/trends?limit=0&format=xml`, params: { id: project.id }, headers: viewer.authHeader });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["format", "limit"]);
    const missing = await callRoute(trendsRoute.GET, { path: "/api/v1/projects/00000000-0000-4000-8000-000000000000/trends", params: { id: "00000000-0000-4000-8000-000000000000" }, headers: viewer.authHeader });
    expect(missing.status).toBe(404);
  });
});
