/**
 * `npm run bench:backup`: loads 1,000,000 violations (with their users, projects, sessions and
 * pages) into a scratch database, then times `npm run db:backup` and `npm run db:restore` (into
 * a freshly migrated database) against `pg_dump -Fc` / `pg_restore` of the same database, each
 * as a child process under `/usr/bin/time -v` for its peak memory. Needs DATABASE_URL (any
 * database on the server to use) and /usr/bin/time, pg_dump and pg_restore. Scratch databases
 * and files are removed at the end. Options: --violations <n> (default 1,000,000).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { dropDatabase, ensureDatabase, withDatabase } from "@/lib/database/admin";
import { deployMigrations } from "@/lib/database/migrations";
import { requireEnv } from "@/lib/env";

type Measurement = { seconds: number; peakMb: number; output: string };

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/time", ["-v", command, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
      if (code !== 0 || !rss || !wall) {
        reject(new Error(`${command} ${args.join(" ")} failed (exit ${code}):\n${stderr.slice(-3000)}`));
        return;
      }
      const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
      resolve({ seconds, peakMb: Number(rss[1]) / 1024, output: stdout });
    });
  });
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function load(url: string, violations: number): Promise<number> {
  const pages = Math.max(1, Math.ceil(violations / 100));
  const sessions = Math.max(1, Math.ceil(pages / 100));
  return withClient(url, async (client) => {
    await client.query("BEGIN");
    await client.query("INSERT INTO users (id, email, name, password_hash, role, updated_at) VALUES ('00000000-0000-4000-8000-000000000001', 'bench@example.org', 'Bench', 'x', 'ADMIN', now())");
    await client.query(
      `INSERT INTO projects (id, name, primary_url, created_by, updated_at)
       SELECT ('00000000-0000-4000-8001-' || lpad(n::text, 12, '0'))::uuid, 'Project ' || n, 'https://p' || n || '.example.org', '00000000-0000-4000-8000-000000000001', now()
       FROM generate_series(1, 10) n`,
    );
    await client.query(
      `INSERT INTO test_sessions (id, project_id, name, status, scope, created_by, updated_at)
       SELECT ('00000000-0000-4000-8002-' || lpad(n::text, 12, '0'))::uuid, ('00000000-0000-4000-8001-' || lpad((n % 10 + 1)::text, 12, '0'))::uuid,
              'Session ' || n, 'completed', jsonb_build_object('urls', jsonb_build_array('https://example.org/' || n)), '00000000-0000-4000-8000-000000000001', now()
       FROM generate_series(1, $1::int) n`,
      [sessions],
    );
    // Run 1 of session n has the id of session n with 8004 in place of 8002.
    await client.query(
      `INSERT INTO scan_runs (id, session_id, number, status, updated_at)
       SELECT ('00000000-0000-4000-8004-' || lpad(n::text, 12, '0'))::uuid, ('00000000-0000-4000-8002-' || lpad(n::text, 12, '0'))::uuid, 1, 'completed', now()
       FROM generate_series(1, $1::int) n`,
      [sessions],
    );
    await client.query(
      `INSERT INTO page_results (id, session_id, run_id, url, state, attempts, http_status, title, passes, scanned_at, updated_at)
       SELECT ('00000000-0000-4000-8003-' || lpad(n::text, 12, '0'))::uuid, ('00000000-0000-4000-8002-' || lpad(((n - 1) / 100 + 1)::text, 12, '0'))::uuid,
              ('00000000-0000-4000-8004-' || lpad(((n - 1) / 100 + 1)::text, 12, '0'))::uuid,
              'https://example.org/page/' || n, 'done', 1, 200, 'Page ' || n, 40, now(), now()
       FROM generate_series(1, $1::int) n`,
      [pages],
    );
    await client.query(
      `INSERT INTO violations (id, session_id, run_id, page_result_id, rule_id, impact, wcag_criteria, tags, selector, html, summary, help, help_url, fingerprint, updated_at)
       SELECT gen_random_uuid(), ('00000000-0000-4000-8002-' || lpad((((n - 1) / 100) / 100 + 1)::text, 12, '0'))::uuid,
              ('00000000-0000-4000-8004-' || lpad((((n - 1) / 100) / 100 + 1)::text, 12, '0'))::uuid,
              ('00000000-0000-4000-8003-' || lpad(((n - 1) / 100 + 1)::text, 12, '0'))::uuid,
              'rule-' || (n % 40), (ARRAY['minor','moderate','serious','critical'])[n % 4 + 1]::"Impact", ARRAY['1.4.3'], ARRAY['wcag2aa', 'wcag143'],
              '#main > div:nth-child(' || n || ') > span', '<span class="muted">' || md5(n::text) || '</span>',
              'Fix any of the following: element has insufficient color contrast', 'Elements must meet minimum color contrast ratio thresholds',
              'https://dequeuniversity.com/rules/axe/4.10/color-contrast', md5((n % 5000)::text), now()
       FROM generate_series(1, $1::int) n`,
      [violations],
    );
    await client.query("COMMIT");
    await client.query("VACUUM ANALYZE");
    const { rows } = await client.query<{ total: string }>(
      "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM projects) + (SELECT count(*) FROM test_sessions) + (SELECT count(*) FROM page_results) + (SELECT count(*) FROM violations) AS total",
    );
    return Number(rows[0]!.total);
  });
}

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, position) => (position === 0 ? cell.padEnd(widths[position]!) : cell.padStart(widths[position]!))).join("  ");
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { violations: { type: "string", default: "1000000" } } });
  const violations = Number(values.violations);
  const serverUrl = requireEnv("DATABASE_URL");
  const tag = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const sourceUrl = withDatabase(serverUrl, `clearsight_test_bench_src_${tag}`);
  const targetUrl = withDatabase(serverUrl, `clearsight_test_bench_dst_${tag}`);
  const pgRestoreUrl = withDatabase(serverUrl, `clearsight_test_bench_pgr_${tag}`);
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "clearsight-bench-"));
  const log = (line: string) => console.error(`[bench] ${line}`);
  const tsx = [process.execPath, "--import", "tsx"];

  try {
    log(`Creating scratch databases and loading ${violations.toLocaleString("en-US")} violations...`);
    for (const url of [sourceUrl, targetUrl, pgRestoreUrl]) await ensureDatabase(url);
    await Promise.all([deployMigrations(sourceUrl), deployMigrations(targetUrl)]);
    const loadStarted = Date.now();
    const rows = await load(sourceUrl, violations);
    log(`Loaded ${rows.toLocaleString("en-US")} rows in ${((Date.now() - loadStarted) / 1000).toFixed(1)}s.`);

    const backupDir = path.join(workDir, "backup");
    const dumpFile = path.join(workDir, "dump.pgc");
    log("db:backup...");
    const backup = await run(tsx[0]!, [...tsx.slice(1), "scripts/db-backup.ts", "--out", backupDir], { ...process.env, DATABASE_URL: sourceUrl });
    log("pg_dump -Fc...");
    const dump = await run("pg_dump", ["-Fc", "-f", dumpFile, "-d", sourceUrl]);
    log("db:restore...");
    const restore = await run(tsx[0]!, [...tsx.slice(1), "scripts/db-restore.ts", backupDir], { ...process.env, DATABASE_URL: targetUrl });
    log("pg_restore...");
    const pgRestore = await run("pg_restore", ["-d", pgRestoreUrl, dumpFile]);

    const restored = await withClient(targetUrl, async (client) => Number((await client.query<{ count: string }>("SELECT count(*) FROM violations")).rows[0]!.count));
    if (restored !== violations) throw new Error(`db:restore left ${restored} violations, expected ${violations}.`);
    const backupBytes = (await fs.readdir(backupDir)).length > 0
      ? (await Promise.all((await fs.readdir(backupDir)).map((name) => fs.stat(path.join(backupDir, name))))).reduce((sum, stat) => sum + stat.size, 0)
      : 0;
    const dumpBytes = (await fs.stat(dumpFile)).size;

    const widths = [34, 9, 12, 13, 16];
    const lines = [
      row(["operation", "seconds", "rows/s", "peak RSS MB", "vs pg tool"], widths),
      row(["db:backup (JSON Lines)", backup.seconds.toFixed(1), Math.round(rows / backup.seconds).toLocaleString("en-US"), backup.peakMb.toFixed(0), `${(backup.seconds / dump.seconds).toFixed(2)}x time`], widths),
      row(["pg_dump -Fc", dump.seconds.toFixed(1), Math.round(rows / dump.seconds).toLocaleString("en-US"), dump.peakMb.toFixed(0), "1.00x"], widths),
      row(["db:restore (checks + 1 transaction)", restore.seconds.toFixed(1), Math.round(rows / restore.seconds).toLocaleString("en-US"), restore.peakMb.toFixed(0), `${(restore.seconds / pgRestore.seconds).toFixed(2)}x time`], widths),
      row(["pg_restore (empty database)", pgRestore.seconds.toFixed(1), Math.round(rows / pgRestore.seconds).toLocaleString("en-US"), pgRestore.peakMb.toFixed(0), "1.00x"], widths),
    ];
    console.log(`\n${rows.toLocaleString("en-US")} rows (${violations.toLocaleString("en-US")} violations); backup ${(backupBytes / 1024 / 1024).toFixed(0)} MB, pg_dump ${(dumpBytes / 1024 / 1024).toFixed(0)} MB\n`);
    console.log(lines.join("\n"));
    console.log(
      `\nTargets: within 3x of pg_dump/pg_restore time (backup ${(backup.seconds / dump.seconds).toFixed(2)}x, restore ${(restore.seconds / pgRestore.seconds).toFixed(2)}x); ` +
        `peak memory under 300 MB (backup ${backup.peakMb.toFixed(0)} MB, restore ${restore.peakMb.toFixed(0)} MB).`,
    );
  } finally {
    log("Dropping scratch databases...");
    await Promise.all([sourceUrl, targetUrl, pgRestoreUrl].map((url) => dropDatabase(url).catch(() => undefined)));
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
