/**
 * Worker processes sharing one queue, one of them killed with SIGKILL mid-scan. Runs on a
 * database of its own so that no other test file's worker takes part.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";
import { startFixtureSite, type FixtureSite } from "@/tests/support/fixture-site";
import { createProject, createScanSession, createTester, waitFor } from "@/tests/support/scan-factories";
import { startScan } from "./mutations";
import { getScanProgress } from "./progress";

const PAGES = 30;
const LEASE_SECONDS = 3;

let site: FixtureSite;
let databaseUrl: string;
const children: ChildProcess[] = [];

function spawnWorker(): ChildProcess {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild process,
  // which a SIGKILL of the CLI would leave running.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts", "--no-backups"], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: databaseUrl, WORKER_CONCURRENCY: "2", WORKER_LEASE_SECONDS: String(LEASE_SECONDS), LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  return child;
}

async function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  return { code, signal };
}

beforeAll(async () => {
  site = await startFixtureSite({ generatedPages: PAGES });
  databaseUrl = await createTestDatabase(inject("databaseServerUrl"), "crash");
  // This file's own database: set before anything in this process opens a connection.
  process.env.DATABASE_URL = databaseUrl;
  resetEnvCache();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await disconnectDb();
  await site?.close();
  if (databaseUrl) await dropTestDatabase(databaseUrl);
});

describe("worker processes", () => {
  it("lose nothing and record nothing twice when one is killed with SIGKILL mid-scan", async () => {
    const tester = await createTester();
    const project = await createProject(tester.id, site.origin);
    const urls = Array.from({ length: PAGES }, (_, index) => site.url(`/gen/${index}`));
    const session = await createScanSession(tester.id, project.id, { urls }, { pageTimeoutMs: 5_000, maxElementScreenshots: 3 });
    await startScan(tester, session.id);

    const doomed = spawnWorker();
    // "Mid-scan", as the database sees it: some pages recorded and some held by the worker.
    await waitFor(
      () => db.pageResult.groupBy({ by: ["state"], where: { sessionId: session.id }, _count: true }),
      (rows) => (rows.find((row) => row.state === "done")?._count ?? 0) >= 3 && (rows.find((row) => row.state === "scanning")?._count ?? 0) >= 1,
      90_000,
      "the first worker to be mid-scan",
    );
    doomed.kill("SIGKILL");
    expect(await exitOf(doomed)).toEqual({ code: null, signal: "SIGKILL" });

    const orphaned = await db.pageResult.findMany({ where: { sessionId: session.id, state: "scanning" }, select: { id: true, attempts: true } });
    expect(orphaned.length).toBeGreaterThanOrEqual(1);
    expect(orphaned.every((page) => page.attempts === 1)).toBe(true);
    const doneBefore = await db.pageResult.count({ where: { sessionId: session.id, state: "done" } });
    expect(doneBefore).toBeLessThan(PAGES);

    // Two fresh workers share the rest, and retry the orphaned pages once their lease expires.
    const survivors = [spawnWorker(), spawnWorker()];
    const progress = await waitFor(() => getScanProgress(session.id), (value) => value.status === "completed", 120_000, "the scan to complete");
    expect(progress).toMatchObject({ pagesTotal: PAGES, pagesDone: PAGES, pagesError: 0, percent: 100 });

    const pages = await db.pageResult.findMany({
      where: { sessionId: session.id },
      select: { id: true, state: true, attempts: true, _count: { select: { violations: true, screenshots: true } } },
    });
    expect(pages).toHaveLength(PAGES);
    // Every generated page has exactly three problems: faint text, a logo without alt, an unlabelled input.
    for (const page of pages) {
      expect(page.state).toBe("done");
      expect(page._count.violations).toBe(3);
      expect(page._count.screenshots).toBe(4);
    }
    expect(await db.violation.count({ where: { sessionId: session.id } })).toBe(PAGES * 3);
    const orphanIds = new Set(orphaned.map((page) => page.id));
    expect(pages.filter((page) => orphanIds.has(page.id)).every((page) => page.attempts === 2)).toBe(true);
    expect(pages.filter((page) => !orphanIds.has(page.id)).every((page) => page.attempts === 1)).toBe(true);

    // SIGTERM: a clean shutdown, exit code 0.
    for (const survivor of survivors) survivor.kill("SIGTERM");
    for (const survivor of survivors) expect(await exitOf(survivor)).toEqual({ code: 0, signal: null });
  }, 240_000);
});
