/**
 * `npm run bench:projects`: loads 2,000 projects, 20,000 sessions, 100,000 pages and 500,000
 * violations (SQL generate_series) into the scratch database clearsight_bench_projects on
 * DATABASE_URL's server, then times the project-list query functions (lib/projects/queries)
 * over N runs and prints median and p95. Target: under 100 ms median. The scratch database is
 * dropped at the end unless --keep is given. Options: --runs <n> (default 50), --keep.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import { dropDatabase, ensureDatabase, withDatabase } from "@/lib/database/admin";
import { deployMigrations } from "@/lib/database/migrations";
import { disconnectDb } from "@/lib/db";
import { readEnv, requireEnv, resetEnvCache } from "@/lib/env";
import { loadProjectsDataset } from "./dataset";

const BENCH_DATABASE = "clearsight_bench_projects";

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

async function time(label: string, runs: number, run: () => Promise<unknown>): Promise<{ label: string; median: number; p95: number }> {
  for (let warm = 0; warm < 3; warm += 1) await run();
  const samples: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { label, median: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "50" }, keep: { type: "boolean", default: false } } });
  const runs = Number(values.runs);
  const benchUrl = withDatabase(requireEnv("DATABASE_URL"), BENCH_DATABASE);
  await dropDatabase(benchUrl);
  await ensureDatabase(benchUrl);
  try {
    await deployMigrations(benchUrl);
    const client = new pg.Client({ connectionString: benchUrl });
    await client.connect();
    try {
      await loadProjectsDataset(client);
    } finally {
      await client.end();
    }

    // The query functions use the app's database client, which reads DATABASE_URL.
    process.env.DATABASE_URL = benchUrl;
    resetEnvCache();
    if (readEnv().DATABASE_URL !== benchUrl) throw new Error("Could not point the app's database client at the bench database.");
    const { listProjects } = await import("@/lib/projects/queries");
    const results = [
      await time("first page, default sort (latest activity)", runs, () => listProjects({})),
      await time("first page, sorted by name", runs, () => listProjects({ sort: "name" })),
      await time('search "client 42"', runs, () => listProjects({ q: "client 42" })),
      await time('search "charlie", sorted by name, page 3', runs, () => listProjects({ q: "charlie", sort: "name", page: 3 })),
      await time("all statuses, 100 per page", runs, () => listProjects({ status: "all", pageSize: 100 })),
    ];
    console.log(`\nlistProjects over ${runs} runs each (after 3 warm-up runs):`);
    for (const result of results) {
      console.log(`  ${result.label.padEnd(45)} median ${result.median.toFixed(1).padStart(6)} ms   p95 ${result.p95.toFixed(1).padStart(6)} ms`);
    }
    const worst = Math.max(...results.map((result) => result.median));
    console.log(worst < 100 ? "\nAll medians are under the 100 ms target." : `\nSlowest median ${worst.toFixed(1)} ms exceeds the 100 ms target.`);
    await disconnectDb();
    return worst < 100 ? 0 : 1;
  } finally {
    if (!values.keep) await dropDatabase(benchUrl);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:projects failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
