/**
 * Starts Clearsight the way users do (`npm start` → scripts/start.ts) as a child process, for
 * end-to-end tests, and stops it with SIGTERM like Ctrl-C would.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export type AppServer = { url: string; process: ChildProcess; output: () => string; stop: () => Promise<number | null> };

export async function startAppServer(env: Record<string, string>, options: { port: number; timeoutMs?: number; args?: string[] }): Promise<AppServer> {
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  // The global setup built the app once; instances must not rebuild it under each other.
  const child = spawn(process.execPath, [tsx, "scripts/start.ts", "--no-build", ...(options.args ?? [])], {
    cwd: process.cwd(),
    env: { ...process.env, ...env, PORT: String(options.port), NODE_ENV: "production", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`App did not start within ${options.timeoutMs ?? 180_000} ms:\n${output}`)), options.timeoutMs ?? 180_000);
    const check = () => {
      if (output.includes("Clearsight is running at")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`App exited with code ${code} before it was ready:\n${output}`));
    });
  });
  await ready;

  return {
    url: `http://localhost:${options.port}`,
    process: child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill("SIGTERM");
      }),
  };
}
