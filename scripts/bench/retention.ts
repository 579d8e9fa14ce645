/**
 * `npm run bench:retention`: retention pruning of about a million findings, and how much it
 * slows the scans running beside it.
 *
 * Builds its own database: one project whose session has RUNS finished runs of PAGES pages ×
 * FINDINGS findings (+ a page screenshot each), with keepRuns 1, so a pass removes every run but
 * the latest (~1,000,000 findings by default). A real worker process (scripts/worker.ts, its own
 * retention loop off) scans a local fixture site throughout. The timeline, in one run:
 *   A. scans alone for WINDOW seconds (baseline);
 *   B. a retention pass (lib/retention/prune.ts, as the worker runs it) while the scans go on;
 *   C. scans alone again for WINDOW seconds.
 * Throughput during B is compared with the mean of A and C, so a machine getting busier or
 * quieter over the run does not pass for the pruner's effect. Target: B ≥ 80 % of A/C.
 * Needs DATABASE_URL pointing at a PostgreSQL server; it creates and drops its own database.
 * Options: --runs=51 --pages=200 --findings=98 --window=60 --concurrency=2 --batch=2000 --pause=4
 *          --scan-pages=500 (distinct fixture pages; the scan is topped up with more rounds of them
 *          while it runs, however long the pruning takes)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { availableParallelism, loadavg } from "node:os";
import { dropDatabase, ensureDatabase, withDatabase } from "@/lib/database/admin";
import { deployMigrations } from "@/lib/database/migrations";
import { resetEnvCache } from "@/lib/env";
import { startFixtureSite } from "@/tests/support/fixture-site";

const args = new Map(
  process.argv
    .slice(2)
    .filter((arg) => arg.startsWith("--"))
    .map((arg) => {
      const [key, value = "true"] = arg.slice(2).split("=");
      return [key!, value];
    }),
);
const RUNS = Number(args.get("runs") ?? 51);
const PAGES = Number(args.get("pages") ?? 200);
// 98 violations + the factory's shape of one needs-review finding = 99; 51 × 200 × 98 ≈ 1.0 M.
const FINDINGS = Number(args.get("findings") ?? 98);
const WINDOW_MS = Number(args.get("window") ?? 60) * 1000;
const CONCURRENCY = Number(args.get("concurrency") ?? 2);
const BATCH = Number(args.get("batch") ?? 2000);
// The pruner's own default (lib/retention/prune.ts) unless given.
const PAUSE = args.has("pause") ? Number(args.get("pause")) : undefined;
const SCAN_PAGES = Number(args.get("scan-pages") ?? 500);

const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function seed(sql: (text: string, values?: unknown[]) => Promise<{ rowCount: number | null }>, userId: string) {
  const started = performance.now();
  const project = "00000000-0000-4000-8000-00000000b001";
  const session = "00000000-0000-4000-8000-00000000b002";
  await sql(`INSERT INTO projects (id, name, primary_url, created_by, updated_at, retention_keep_runs) VALUES ($1, 'Big history', 'https://big.example.org/', $2, now(), NULL)`, [project, userId]);
  await sql(`INSERT INTO test_sessions (id, project_id, name, status, created_by, updated_at) VALUES ($1, $2, 'Nightly', 'completed', $3, now())`, [session, project, userId]);
  await sql(
    `INSERT INTO scan_runs (id, session_id, number, status, queued_at, started_at, completed_at, updated_at)
     SELECT gen_random_uuid(), $1, n, 'completed', now() - make_interval(days => $2 - n), now() - make_interval(days => $2 - n), now() - make_interval(days => $2 - n), now()
     FROM generate_series(1, $2) AS n`,
    [session, RUNS],
  );
  await sql(
    `INSERT INTO page_results (id, session_id, run_id, url, state, updated_at)
     SELECT gen_random_uuid(), r.session_id, r.id, 'https://big.example.org/page-' || p, 'done', now()
     FROM scan_runs r, generate_series(1, $2) AS p WHERE r.session_id = $1`,
    [session, PAGES],
  );
  const findings = await sql(
    `INSERT INTO violations (id, session_id, run_id, page_result_id, rule_id, kind, impact, wcag_criteria, tags, selector, html, fingerprint, updated_at)
     SELECT gen_random_uuid(), p.session_id, p.run_id, p.id, 'rule-' || (v % 40), 'violation', 'serious', ARRAY['1.4.3'], ARRAY['wcag2aa', 'wcag143'],
            'main > div:nth-child(' || v || ')', '<div class="card">Item ' || v || ' of the list</div>', md5(p.url || v), now()
     FROM page_results p, generate_series(1, $2) AS v WHERE p.session_id = $1`,
    [session, FINDINGS],
  );
  // A 1×1 PNG and some filler, per page: the rows, not the bytes, are what the pruner works through.
  const screenshots = await sql(
    `INSERT INTO screenshots (id, session_id, run_id, page_result_id, kind, mime_type, data)
     SELECT gen_random_uuid(), p.session_id, p.run_id, p.id, 'page', 'image/png', decode(repeat(md5(p.id::text), 64), 'hex')
     FROM page_results p WHERE p.session_id = $1`,
    [session],
  );
  await sql("ANALYZE");
  console.log(`Seeded ${RUNS} runs, ${RUNS * PAGES} pages, ${findings.rowCount} findings, ${screenshots.rowCount} screenshots in ${seconds(performance.now() - started)} s`);
  return { project, findings: findings.rowCount ?? 0 };
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("Set DATABASE_URL to a PostgreSQL server; the benchmark creates its own database there.");
  const databaseUrl = withDatabase(serverUrl, `clearsight_test_bench_retention_${Date.now().toString(36)}`);
  const site = await startFixtureSite({ generatedPages: SCAN_PAGES });
  console.log(`Retention benchmark: ${availableParallelism()} CPUs, load average ${loadavg().map((value) => value.toFixed(1)).join(" ")} at start`);
  let worker: ChildProcess | undefined;
  try {
    await ensureDatabase(databaseUrl);
    await deployMigrations(databaseUrl);
    process.env.DATABASE_URL = databaseUrl;
    resetEnvCache();
    // The platform's own modules, loaded once DATABASE_URL points at the benchmark database.
    const { db, sqlPool, disconnectDb } = await import("@/lib/db");
    const { startScan } = await import("@/lib/scans/mutations");
    const { pruneRetention } = await import("@/lib/retention/prune");
    try {
      const pool = sqlPool();
      const sql = (text: string, values?: unknown[]) => pool.query(text, values);
      const user = await db.user.create({ data: { email: "bench@example.test", name: "Bench", passwordHash: "x", role: "ADMIN" }, select: { id: true, email: true } });
      const big = await seed(sql, user.id);
      const before = await pool.query<{ bytes: string }>("SELECT pg_database_size(current_database())::text AS bytes");

      const scanProject = await db.project.create({ data: { name: "Scanned", primaryUrl: site.origin, createdById: user.id }, select: { id: true } });
      const urls = Array.from({ length: SCAN_PAGES }, (_, index) => site.url(`/gen/${index}`));
      const session = await db.testSession.create({
        data: { name: "throughput", projectId: scanProject.id, createdById: user.id, scope: { urls }, scanOptions: { maxElementScreenshots: 10 } },
        select: { id: true },
      });
      worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts", "--no-backups"], {
        env: { ...process.env, DATABASE_URL: databaseUrl, WORKER_CONCURRENCY: String(CONCURRENCY), LOG_LEVEL: "warn", RETENTION_INTERVAL_MINUTES: "0" },
        stdio: ["ignore", "inherit", "inherit"],
      });
      const run = await startScan(user, session.id);
      const { runId } = run;
      // Keeps the scan supplied however long pruning takes: more of the same pages (as new URLs
      // of the run, ?round=N) whenever fewer than 200 wait.
      let supplying = true;
      const supply = (async () => {
        for (let round = 1; supplying; ) {
          const { rows } = await pool.query<{ pending: number }>("SELECT count(*)::int AS pending FROM page_results WHERE run_id = $1 AND state = 'pending'", [runId]);
          if ((rows[0]?.pending ?? 0) < 200) {
            await pool.query(
              `INSERT INTO page_results (id, session_id, run_id, url, state, updated_at)
               SELECT gen_random_uuid(), $2, $1, url || '?round=' || $3, 'pending', now() FROM page_results WHERE run_id = $1 AND url NOT LIKE '%?%'`,
              [runId, session.id, round++],
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 2_000));
        }
      })();
      const pagesDone = async () =>
        Number((await pool.query<{ done: string }>("SELECT count(*) AS done FROM page_results WHERE run_id = $1 AND state IN ('done', 'error')", [runId])).rows[0]!.done);
      // Warm-up: the worker compiles, launches Chromium and opens its lanes.
      const warmUntil = Date.now() + 120_000;
      while ((await pagesDone()) < CONCURRENCY * 5 && Date.now() < warmUntil) await new Promise((resolve) => setTimeout(resolve, 250));

      const windowRate = async (label: string, work: () => Promise<unknown>) => {
        const startPages = await pagesDone();
        const started = performance.now();
        const outcome = await work();
        const ms = performance.now() - started;
        const pages = (await pagesDone()) - startPages;
        const perMinute = (pages / ms) * 60_000;
        console.log(`  ${label}: ${pages} pages in ${seconds(ms)} s = ${perMinute.toFixed(1)} pages/min (load average ${loadavg()[0]!.toFixed(1)})`);
        return { perMinute, ms, outcome };
      };
      const idle = () => new Promise((resolve) => setTimeout(resolve, WINDOW_MS));

      console.log(`\nScanning with a worker at concurrency ${CONCURRENCY}; pruning in batches of ${BATCH}, pause ratio ${PAUSE ?? "4 (the default while scans run)"}`);
      const a = await windowRate("A  scans alone        ", idle);
      await db.project.update({ where: { id: big.project }, data: { retentionKeepRuns: 1 } });
      const b = await windowRate("B  scans + pruning    ", () => pruneRetention({ batchSize: BATCH, ...(PAUSE === undefined ? {} : { pauseRatio: PAUSE }) }));
      const c = await windowRate("C  scans alone (after)", idle);
      const pruned = (b.outcome as Awaited<ReturnType<typeof pruneRetention>>).projects.find((project) => project.projectId === big.project);
      const baseline = (a.perMinute + c.perMinute) / 2;
      const ratio = b.perMinute / baseline;
      const after = await pool.query<{ bytes: string }>("SELECT pg_database_size(current_database())::text AS bytes");
      console.log(
        `\nPruned ${pruned?.runs ?? 0} runs: ${pruned?.violations ?? 0} findings, ${pruned?.pageResults ?? 0} pages, ${pruned?.screenshots ?? 0} screenshots in ${seconds(b.ms)} s ` +
          `(${Math.round(((pruned?.violations ?? 0) / b.ms) * 1000)} findings/s) with scans running`,
      );
      console.log(`Database size before pruning ${(Number(before.rows[0]!.bytes) / 2 ** 20).toFixed(0)} MB, after ${(Number(after.rows[0]!.bytes) / 2 ** 20).toFixed(0)} MB (space is reused, not returned, until VACUUM FULL)`);
      console.log(`Scan throughput while pruning: ${(ratio * 100).toFixed(0)} % of the mean without (target ≥ 80 %): ${ratio >= 0.8 ? "PASS" : "FAIL"}`);
      const kept = await pool.query<{ findings: string }>("SELECT count(*)::text AS findings FROM violations v JOIN test_sessions s ON s.id = v.session_id WHERE s.project_id = $1", [big.project]);
      console.log(`Findings left in the pruned project (its latest run): ${kept.rows[0]!.findings} of ${big.findings}`);
      supplying = false;
      await supply;
      await db.scanRun.updateMany({ where: { id: runId }, data: { cancelRequestedAt: new Date() } });
      if (ratio < 0.8) process.exitCode = 2;
    } finally {
      if (worker && worker.exitCode === null) {
        worker.kill("SIGTERM");
        await once(worker, "exit");
      }
      await disconnectDb();
    }
  } finally {
    await site.close();
    await dropDatabase(databaseUrl);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
