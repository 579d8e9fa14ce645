/**
 * `npm test`: every check, in order — typecheck, lint, Vitest (unit + integration against a real
 * PostgreSQL), then Playwright end-to-end against the production build in Chromium.
 * Uses DATABASE_URL's server when set, otherwise one embedded PostgreSQL for the whole run.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { startTestServer } from "@/tests/support/test-database";

type Step = { name: string; command: string[] };

const bin = (name: string, ...args: string[]) => [process.execPath, path.join(process.cwd(), "node_modules", ...name.split("/")), ...args];

const STEPS: Step[] = [
  { name: "typecheck", command: bin("typescript/bin/tsc", "--noEmit") },
  { name: "lint", command: bin("eslint/bin/eslint.js", "--max-warnings=0", ".") },
  { name: "unit and integration tests (Vitest)", command: bin("vitest/vitest.mjs", "run") },
  { name: "end-to-end tests (Playwright)", command: bin("@playwright/test/cli.js", "test") },
];

function run(step: Step, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const [command, ...args] = step.command as [string, ...string[]];
    const child = spawn(command, args, { stdio: "inherit", env });
    child.on("close", (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const steps = only.length > 0 ? STEPS.filter((step) => only.some((name) => step.name.includes(name))) : STEPS;
  const server = await startTestServer();
  // Children create their own databases on this server; its `postgres` database is never modified.
  const env = { ...process.env, DATABASE_URL: server.serverUrl, NEXT_TELEMETRY_DISABLED: "1" };
  const results: Array<{ name: string; code: number; seconds: number }> = [];
  try {
    for (const step of steps) {
      console.log(`\n━━ ${step.name} ━━`);
      const started = Date.now();
      const code = await run(step, env);
      results.push({ name: step.name, code, seconds: Math.round((Date.now() - started) / 1000) });
      if (code !== 0) break;
    }
  } finally {
    await server.stop();
  }
  console.log("\n━━ summary ━━");
  for (const result of results) console.log(`${result.code === 0 ? "✓" : "✗"} ${result.name} (${result.seconds}s)`);
  const failed = results.some((result) => result.code !== 0) || results.length < steps.length;
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
