/**
 * `npm run bench:restart`: how long `npm start` takes to serve again on an existing embedded
 * database with nothing to migrate. Starts Clearsight once on a fresh data directory (initdb,
 * migrations, first admin: the slow first start), stops it, then restarts it --runs times, each
 * measured from spawning `tsx scripts/start.ts` to its "Clearsight is running" line (health
 * answered 200). The floor, measured in the same run, is spawning tsx on an empty script: the
 * part of a start no code of ours can remove. Target: a restart under 5 s.
 * Options: --runs <n> (default 5).
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { findFreePort } from "@/lib/database/embedded";
import { ensureBuilt } from "@/lib/launch/build";

const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");

type Started = { seconds: number; stop: () => Promise<void>; output: string };

function start(dataDir: string, port: number): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), DEMO_DATA: "false", BACKUP_INTERVAL_HOURS: "0", LOG_LEVEL: "warn" };
  // The point is the embedded database: a DATABASE_URL from the environment would bypass it.
  delete env.DATABASE_URL;
  const began = performance.now();
  const child = spawn(process.execPath, [tsx, "scripts/start.ts"], { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Clearsight is running at")) {
        child.stdout.off("data", onData);
        const seconds = (performance.now() - began) / 1000;
        resolve({
          seconds,
          output,
          stop: () =>
            new Promise<void>((done) => {
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`npm start exited with ${code} before serving:\n${output}`)));
  });
}

async function floorSeconds(): Promise<number> {
  const empty = path.join(os.tmpdir(), `clearsight-empty-${process.pid}.ts`);
  await fs.writeFile(empty, "export {};\n");
  const began = performance.now();
  await new Promise<void>((resolve) => spawn(process.execPath, [tsx, empty], { stdio: "ignore" }).once("exit", () => resolve()));
  await fs.rm(empty, { force: true });
  return (performance.now() - began) / 1000;
}

/** `npm start` has exited; its embedded PostgreSQL may still be writing its shutdown checkpoint. */
async function waitForDatabaseStopped(root: string): Promise<void> {
  const pidFile = path.join(root, "postgres", "data", "postmaster.pid");
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      await fs.access(pidFile);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The embedded PostgreSQL in ${root} did not stop within two minutes.`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
  const runs = Number(values.runs);
  await ensureBuilt(process.cwd(), (line) => console.log(line));
  // Under the project's .data: the embedded server runs as the `postgres` user, which must reach it.
  const root = path.join(process.cwd(), ".data", "bench-restart");
  await fs.rm(root, { recursive: true, force: true });
  await fs.mkdir(root, { recursive: true, mode: 0o711 });
  await fs.chmod(root, 0o711);
  const port = await findFreePort();
  try {
    const first = await start(root, port);
    await first.stop();
    await waitForDatabaseStopped(root);
    console.log(`First start (initdb, ${first.output.match(/Applied (\d+) migration/)?.[1] ?? "?"} migrations, first admin): ${first.seconds.toFixed(1)} s`);
    const restarts: number[] = [];
    const floors: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      floors.push(await floorSeconds());
      const again = await start(root, port);
      await again.stop();
      await waitForDatabaseStopped(root);
      if (!again.output.includes("no migration pending")) throw new Error(`A restart ran migrations:\n${again.output}`);
      restarts.push(again.seconds);
      console.log(`Restart ${run + 1}: ${again.seconds.toFixed(2)} s (floor: tsx on an empty script ${floors.at(-1)!.toFixed(2)} s)`);
    }
    const result = median(restarts);
    console.log(
      `\nRestart median ${result.toFixed(2)} s (min ${Math.min(...restarts).toFixed(2)}, max ${Math.max(...restarts).toFixed(2)}) over ${runs} runs; ` +
        `floor median ${median(floors).toFixed(2)} s. ${result < 5 ? "Under the 5 s target." : "Over the 5 s target."}`,
    );
    return result < 5 ? 0 : 1;
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:restart failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
