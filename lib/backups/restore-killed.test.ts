import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";
import { countRows, seedBackupData, withClient } from "@/tests/support/backup-data";
import { createBackup } from "./backup";

const BULK_VIOLATIONS = 60_000;

describe("a restore killed midway", () => {
  let sourceUrl: string;
  let targetUrl: string;
  let workDir: string;

  beforeAll(async () => {
    [sourceUrl, targetUrl] = await Promise.all([
      createTestDatabase(inject("databaseServerUrl"), "kill_src"),
      createTestDatabase(inject("databaseServerUrl"), "kill_dst"),
    ]);
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "clearsight-kill-"));
    await seedBackupData(sourceUrl, { bulkViolations: BULK_VIOLATIONS });
  }, 180_000);
  afterAll(async () => {
    await Promise.all([dropTestDatabase(sourceUrl), dropTestDatabase(targetUrl)]);
    await fs.rm(workDir, { recursive: true, force: true });
  });

  it("leaves the database exactly as it was", async () => {
    const { dir } = await createBackup({ databaseUrl: sourceUrl, outDir: path.join(workDir, "backup") });
    // Something already in the target, which must survive untouched.
    await seedBackupData(targetUrl);
    const before = await countRows(targetUrl);

    const child = spawn(process.execPath, ["--import", "tsx", "scripts/db-restore.ts", dir], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: targetUrl },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("exit", (code, signal) => resolve({ code, signal })),
    );
    let killedAt: string | undefined;
    for await (const line of readline.createInterface({ input: child.stderr })) {
      const progress = /^restore violations: ([\d,]+) \/ ([\d,]+) rows/.exec(line);
      if (progress && Number(progress[1]!.replace(/,/g, "")) < Number(progress[2]!.replace(/,/g, ""))) {
        killedAt = line;
        child.kill("SIGKILL");
        break;
      }
    }
    const outcome = await exited;
    expect(killedAt).toBeDefined();
    expect(outcome.signal).toBe("SIGKILL");

    expect(await countRows(targetUrl)).toEqual(before);
    // The killed session's transaction is gone, not lingering with locks.
    await withClient(targetUrl, async (client) => {
      await client.query("BEGIN");
      await client.query("SET LOCAL lock_timeout = '5s'");
      await client.query("LOCK TABLE violations IN ACCESS EXCLUSIVE MODE");
      await client.query("ROLLBACK");
    });
  }, 180_000);
});
