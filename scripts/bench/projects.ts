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

const BENCH_DATABASE = "clearsight_bench_projects";
const PROJECTS = 2_000;
const SESSIONS_PER_PROJECT = 10;
const PAGES_PER_SESSION = 5;
const FINDINGS_PER_PAGE = 5;

async function load(client: pg.Client): Promise<void> {
  const started = performance.now();
  const {
    rows: [user],
  } = await client.query<{ id: string }>(
    `INSERT INTO users (id, email, name, password_hash, role, updated_at)
     VALUES (gen_random_uuid(), 'bench@example.test', 'Bench', 'not-a-hash', 'ADMIN', now()) RETURNING id`,
  );
  await client.query(
    `INSERT INTO projects (id, name, client_name, primary_url, status, last_activity_at, created_by, created_at, updated_at)
     SELECT gen_random_uuid(),
            'Project ' || lpad(i::text, 4, '0') || ' ' || (ARRAY['Alpha','Bravo','Charlie','Delta','Echo'])[1 + i % 5],
            'Client ' || (i % 150),
            'https://site-' || i || '.example.org/',
            (CASE WHEN i % 20 = 0 THEN 'archived' WHEN i % 10 = 0 THEN 'paused' ELSE 'active' END)::"ProjectStatus",
            now() - make_interval(mins => (i * 37) % 100000),
            $1, now(), now()
     FROM generate_series(1, $2::int) AS i`,
    [user!.id, PROJECTS],
  );
  await client.query(
    `INSERT INTO test_sessions (id, project_id, name, status, created_by, created_at, updated_at, completed_at, scope)
     SELECT gen_random_uuid(), p.id, 'Session ' || s, 'completed', $1,
            now() - make_interval(days => s, mins => (random() * 600)::int), now(), now(),
            jsonb_build_object('urls', jsonb_build_array(p.primary_url))
     FROM projects p CROSS JOIN generate_series(1, $2::int) AS s`,
    [user!.id, SESSIONS_PER_PROJECT],
  );
  await client.query(
    `INSERT INTO page_results (id, session_id, url, state, updated_at)
     SELECT gen_random_uuid(), s.id, 'https://page.example.org/' || n, 'done', now()
     FROM test_sessions s CROSS JOIN generate_series(1, $1::int) AS n`,
    [PAGES_PER_SESSION],
  );
  // One finding in ten needs review; the rest are violations.
  await client.query(
    `INSERT INTO violations (id, session_id, page_result_id, rule_id, kind, impact, selector, html, updated_at)
     SELECT gen_random_uuid(), pr.session_id, pr.id, 'rule-' || n,
            (CASE WHEN n = 1 AND random() < 0.5 THEN 'needs_review' ELSE 'violation' END)::"FindingKind",
            'serious', '#el-' || n, '<div></div>', now()
     FROM page_results pr CROSS JOIN generate_series(1, $1::int) AS n`,
    [FINDINGS_PER_PAGE],
  );
  await client.query("ANALYZE");
  const counts = await client.query<{ projects: number; sessions: number; pages: number; violations: number }>(
    `SELECT (SELECT count(*)::int FROM projects) AS projects, (SELECT count(*)::int FROM test_sessions) AS sessions,
            (SELECT count(*)::int FROM page_results) AS pages, (SELECT count(*)::int FROM violations) AS violations`,
  );
  const c = counts.rows[0]!;
  console.log(
    `Loaded ${c.projects} projects, ${c.sessions} sessions, ${c.pages} pages, ${c.violations} findings in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
}

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
      await load(client);
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
