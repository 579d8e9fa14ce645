import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestProject, createTestSession, createTestUser, addTestResults, uniqueSuffix, type TestUser } from "@/tests/support/factories";
import { archiveProject } from "./mutations";
import { listProjects } from "./queries";

// This file's pool counts every statement, whether Prisma or a plain read through the pool
// (lib/db.ts queryRows) sends it. lib/db.ts picks up a client (and its pool) already stored on
// globalThis instead of creating its own.
let statements = 0;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL! });
const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
pool.query = ((...args: unknown[]) => {
  statements += 1;
  return query(...args);
}) as typeof pool.query;
const client = new PrismaClient({ adapter: new PrismaPg(pool) });
(globalThis as { clearsightDb?: { prisma: PrismaClient; pool: pg.Pool } }).clearsightDb = { prisma: client, pool };

async function countStatements(run: () => Promise<unknown>): Promise<number> {
  const before = statements;
  await run();
  return statements - before;
}

let tester: TestUser;

beforeAll(async () => {
  tester = await createTestUser("TESTER");
});

describe("listProjects", () => {
  it("searches name, client and URL case-insensitively, and hides archived projects unless asked", async () => {
    const marker = uniqueSuffix();
    const byName = await createTestProject(tester.actor, { name: `Needle ${marker} name` });
    const byClient = await createTestProject(tester.actor, { clientName: `needle ${marker} client` });
    const byUrl = await createTestProject(tester.actor, { primaryUrl: `https://needle-${marker}.example.org/` });
    const archived = await createTestProject(tester.actor, { name: `Needle ${marker} archived` });
    await archiveProject(tester.actor, archived.id);
    await createTestProject(tester.actor, { name: `Haystack ${marker}` });

    const found = await listProjects({ q: `NEEDLE ${marker}`.toUpperCase(), sort: "name" });
    expect(found.total).toBe(2);
    expect(found.items.map((item) => item.id).sort()).toEqual([byName.id, byClient.id].sort());
    expect((await listProjects({ q: `needle-${marker}` })).items.map((item) => item.id)).toEqual([byUrl.id]);
    expect((await listProjects({ q: `Needle ${marker}`, status: "archived" })).items.map((item) => item.id)).toEqual([archived.id]);
    expect((await listProjects({ q: `Needle ${marker}`, status: "all" })).total).toBe(3);
  });

  it("treats % and _ in a search as literal characters", async () => {
    const marker = uniqueSuffix();
    await createTestProject(tester.actor, { name: `Percent ${marker} 100% done` });
    await createTestProject(tester.actor, { name: `Percent ${marker} 1000 done` });
    expect((await listProjects({ q: `${marker} 100%` })).total).toBe(1);
  });

  it("filters by status, sorts by name or latest activity, and pages", async () => {
    const marker = uniqueSuffix();
    const names = ["Delta", "alpha", "Charlie", "bravo", "Echo"];
    const created = [];
    for (const name of names) created.push(await createTestProject(tester.actor, { name: `${marker} ${name}` }));
    await createTestProject(tester.actor, { name: `${marker} Paused`, status: "paused" });

    const byName = await listProjects({ q: marker, status: "active", sort: "name", pageSize: 2 });
    expect(byName).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    const allNames = [
      ...byName.items,
      ...(await listProjects({ q: marker, status: "active", sort: "name", pageSize: 2, page: 2 })).items,
      ...(await listProjects({ q: marker, status: "active", sort: "name", pageSize: 2, page: 3 })).items,
    ].map((item) => item.name.replace(`${marker} `, "").toLowerCase());
    expect(allNames).toEqual(["alpha", "bravo", "charlie", "delta", "echo"]);

    // A new session is activity: it moves its project to the top.
    await createTestSession(tester.actor, created[0]!);
    const byActivity = await listProjects({ q: marker, sort: "activity" });
    expect(byActivity.items[0]!.id).toBe(created[0]!.id);
    expect(byActivity.total).toBe(6);
    expect((await listProjects({ q: marker, status: "paused" })).items.map((item) => item.name)).toEqual([`${marker} Paused`]);
  });

  it("shows each project's session count and its latest session with that session's violation count", async () => {
    const marker = uniqueSuffix();
    const project = await createTestProject(tester.actor, { name: `Figures ${marker}` });
    const empty = await createTestProject(tester.actor, { name: `Figures ${marker} empty` });
    const older = await createTestSession(tester.actor, project, { name: "older" });
    await addTestResults(older.id, { pages: 2, violationsPerPage: 5 });
    const latest = await createTestSession(tester.actor, project, { name: "latest" });
    await addTestResults(latest.id, { pages: 2, violationsPerPage: 3 });

    const { items } = await listProjects({ q: `Figures ${marker}`, sort: "name" });
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      id: project.id,
      clientName: project.clientName,
      primaryUrl: project.primaryUrl,
      sessionCount: 2,
      // Needs-review findings are not violations: 2 pages × 3.
      latestSession: { id: latest.id, name: "latest", status: "draft", violationCount: 6 },
    });
    expect(items[1]).toMatchObject({ id: empty.id, sessionCount: 0, latestSession: null });
  });

  it("runs the same number of statements for a page of 25 and a page of 100 projects", async () => {
    const marker = uniqueSuffix();
    for (let index = 0; index < 100; index += 1) {
      const project = await createTestProject(tester.actor, { name: `Bulk ${marker} ${String(index).padStart(3, "0")}` });
      if (index % 10 === 0) {
        const session = await createTestSession(tester.actor, project);
        await addTestResults(session.id, { pages: 1, violationsPerPage: 1 });
      }
    }
    let small: Awaited<ReturnType<typeof listProjects>> | undefined;
    let large: Awaited<ReturnType<typeof listProjects>> | undefined;
    const smallCount = await countStatements(async () => {
      small = await listProjects({ q: `Bulk ${marker}`, pageSize: 25 });
    });
    const largeCount = await countStatements(async () => {
      large = await listProjects({ q: `Bulk ${marker}`, pageSize: 100 });
    });
    expect(small!.items).toHaveLength(25);
    expect(large!.items).toHaveLength(100);
    expect(large!.items.filter((item) => item.sessionCount === 1)).toHaveLength(10);
    expect(smallCount).toBeGreaterThan(0);
    expect(largeCount).toBe(smallCount);
    expect(largeCount).toBeLessThanOrEqual(3);
  });
});
