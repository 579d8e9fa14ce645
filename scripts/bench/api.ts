/**
 * `npm run bench:api`: API latency under load. Loads the bench:projects data set (2,000 projects,
 * 20,000 sessions, 500,000 findings) into the scratch database clearsight_bench_api (on
 * DATABASE_URL's server, or an embedded PostgreSQL when it is not set), starts the production
 * build the way `npm start` does (no worker), and runs a bounded load generator (autocannon, its
 * own process: scripts/bench/load-client.ts) against each endpoint at 1, 10 and 50 concurrent
 * connections. The floor is /api/ping, a route handler that returns a constant, measured in the
 * same run: every figure is read against it, because these machines are noisy.
 *
 * Targets (at 50 concurrent): p95 of the list endpoints ≤ 3x the floor's p95, no errors, and
 * /api/health about as cheap as the floor. Exit code 1 when a target is missed.
 * Options: --duration <s> per measurement (default 5), --concurrency 1,10,50, --keep (database).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { API_TOKEN_PREFIX } from "@/lib/auth/current-user";
import { sha256Hex } from "@/lib/crypto";
import { dropDatabase, ensureDatabase, withDatabase } from "@/lib/database/admin";
import { findFreePort } from "@/lib/database/embedded";
import { deployMigrations } from "@/lib/database/migrations";
import { ensureBuilt } from "@/lib/launch/build";
import { startAppServer } from "@/e2e/support/app-server";
import { startTestServer } from "@/tests/support/test-database";
import { loadProjectsDataset } from "./dataset";
import { descendantsCpuMs } from "./proc";

const BENCH_DATABASE = "clearsight_bench_api";

type Measurement = { requests: number; requestsPerSecond: number; p50: number; p95: number; p99: number; errors: number; statuses: Record<string, number> };

function runLoad(url: string, connections: number, durationSeconds: number, headers: Record<string, string>): Promise<Measurement> {
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  const job = JSON.stringify({ url, connections, durationSeconds, headers });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, path.join("scripts", "bench", "load-client.ts"), job], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(output.trim().split("\n").at(-1)!) as Measurement) : reject(new Error(`load client exited with ${code}`))));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { duration: { type: "string", default: "5" }, concurrency: { type: "string", default: "1,10,50" }, keep: { type: "boolean", default: false } },
  });
  const duration = Number(values.duration);
  const levels = values.concurrency.split(",").map(Number);

  await ensureBuilt(process.cwd(), (line) => console.log(line));
  const server = await startTestServer();
  const benchUrl = withDatabase(server.serverUrl, BENCH_DATABASE);
  await dropDatabase(benchUrl);
  await ensureDatabase(benchUrl);
  const token = `${API_TOKEN_PREFIX}${randomBytes(24).toString("base64url")}`;
  let sessionId: string;
  try {
    await deployMigrations(benchUrl);
    const client = new pg.Client({ connectionString: benchUrl });
    await client.connect();
    try {
      const { userId } = await loadProjectsDataset(client);
      await client.query(`INSERT INTO api_tokens (id, user_id, name, token_hash, prefix) VALUES (gen_random_uuid(), $1, 'bench', $2, $3)`, [
        userId,
        sha256Hex(token),
        token.slice(0, 10),
      ]);
      const { rows } = await client.query<{ id: string }>(`SELECT session_id AS id FROM violations GROUP BY session_id ORDER BY count(*) DESC, session_id LIMIT 1`);
      sessionId = rows[0]!.id;
    } finally {
      await client.end();
    }
  } catch (error) {
    await server.stop();
    throw error;
  }

  const port = await findFreePort();
  const dataDir = path.join(process.cwd(), ".data", "bench-api");
  const app = await startAppServer(
    { DATABASE_URL: benchUrl, DATA_DIR: dataDir, DEMO_DATA: "false", BACKUP_INTERVAL_HOURS: "0" },
    { port, args: ["--no-worker"] },
  );
  const base = `http://127.0.0.1:${port}`;
  const auth = { authorization: `Bearer ${token}` };
  const endpoints: Array<{ label: string; path: string; headers: Record<string, string>; list?: boolean; health?: boolean; floor?: boolean }> = [
    { label: "floor: GET /api/ping (constant)", path: "/api/ping", headers: {}, floor: true },
    { label: "GET /api/v1/projects?pageSize=25", path: "/api/v1/projects?pageSize=25", headers: auth, list: true },
    { label: "GET /api/v1/sessions/:id/results", path: `/api/v1/sessions/${sessionId}/results`, headers: auth, list: true },
    { label: "GET /api/v1/sessions/:id/violations?page=2", path: `/api/v1/sessions/${sessionId}/violations?page=2&pageSize=10`, headers: auth, list: true },
    { label: "GET /api/v1/me", path: "/api/v1/me", headers: auth },
    { label: "GET /api/health", path: "/api/health", headers: {}, health: true },
  ];
  const rows: Array<{ label: string; connections: number; m: Measurement; endpoint: (typeof endpoints)[number]; cpuPerRequest: number }> = [];
  try {
    for (const endpoint of endpoints) await runLoad(`${base}${endpoint.path}`, 4, 1, endpoint.headers); // warm up each route
    for (const connections of levels) {
      for (const endpoint of endpoints) {
        const cpuBefore = descendantsCpuMs(app.process.pid!);
        const m = await runLoad(`${base}${endpoint.path}`, connections, duration, endpoint.headers);
        // The web server's CPU per request: steadier than latency on a machine others share.
        const cpuPerRequest = (descendantsCpuMs(app.process.pid!) - cpuBefore) / Math.max(1, m.requests);
        rows.push({ label: endpoint.label, connections, m, endpoint, cpuPerRequest });
        console.log(
          `${String(connections).padStart(3)} conc  ${endpoint.label.padEnd(44)} ${m.requestsPerSecond.toFixed(0).padStart(6)} req/s  ` +
            `p50 ${m.p50.toFixed(0).padStart(4)} ms  p95 ${m.p95.toFixed(0).padStart(4)} ms  p99 ${m.p99.toFixed(0).padStart(4)} ms  ` +
            `server CPU ${cpuPerRequest.toFixed(1).padStart(5)} ms/request  errors ${m.errors}`,
        );
      }
    }
  } finally {
    await app.stop();
    if (!values.keep) await dropDatabase(benchUrl);
    await server.stop();
  }

  const top = Math.max(...levels);
  const floor = rows.find((row) => row.connections === top && row.endpoint.floor)!;
  console.log(`\nAt ${top} concurrent, against the floor's p95 of ${floor.m.p95.toFixed(0)} ms:`);
  let failed = false;
  for (const row of rows.filter((candidate) => candidate.connections === top && !candidate.endpoint.floor)) {
    const ratio = row.m.p95 / Math.max(1, floor.m.p95);
    const limit = row.endpoint.list ? 3 : row.endpoint.health ? 1.5 : undefined;
    const verdict = limit === undefined ? "" : ratio <= limit && row.m.errors === 0 ? `  ✓ (≤ ${limit}x, no errors)` : `  ✗ (target ≤ ${limit}x, no errors)`;
    if (verdict.includes("✗")) failed = true;
    console.log(
      `  ${row.label.padEnd(44)} p95 ${ratio.toFixed(2)}x the floor, server CPU ${(row.cpuPerRequest / Math.max(0.01, floor.cpuPerRequest)).toFixed(1)}x, ${row.m.errors} errors${verdict}`,
    );
  }
  const errors = rows.reduce((sum, row) => sum + row.m.errors, 0);
  if (errors > 0) failed = true;
  console.log(failed ? "\nA target was missed." : "\nAll targets met.");
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:api failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
