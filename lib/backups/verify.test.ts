import { spawnSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";
import { seedBackupData, type SeededIds } from "@/tests/support/backup-data";
import { createBackupArchive } from "./archive";
import { createBackup } from "./backup";
import { readVerification } from "./manifest";
import { verifyBackup } from "./verify";

describe("verifying a backup by restoring it", () => {
  let databaseUrl: string;
  let workDir: string;
  let backupDir: string;
  let seeded: SeededIds;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase(inject("databaseServerUrl"), "verify");
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "clearsight-verify-"));
    seeded = await seedBackupData(databaseUrl);
    backupDir = (await createBackup({ databaseUrl, outDir: path.join(workDir, "backup") })).dir;
  });
  afterAll(async () => {
    await dropTestDatabase(databaseUrl);
    await fs.rm(workDir, { recursive: true, force: true });
  });

  it("calls a backup good once it restored with matching counts and rows, and records it", async () => {
    const verification = await verifyBackup({ databaseUrl, dir: backupDir });
    expect(verification.problems).toEqual([]);
    expect(verification.state).toBe("ok");
    expect(verification.tables.find((table) => table.name === "violations")).toEqual({ name: "violations", rows: 2, restored: 2, sampled: 2 });
    // Restored as onto a rebuilt server: its first admin has the backup's first admin's email.
    expect(verification.firstAdmin).toEqual({ email: seeded.adminEmail, matched: true });
    expect(verification.tables.find((table) => table.name === "users")).toEqual({ name: "users", rows: 2, restored: 2, sampled: 1 });
    expect(await readVerification(backupDir)).toEqual(verification);
  }, 120_000);

  it("records a damaged backup as failed, with the reason", async () => {
    const dir = path.join(workDir, "damaged");
    await fs.cp(backupDir, dir, { recursive: true });
    await fs.appendFile(path.join(dir, "users.jsonl"), "{}\n");
    const verification = await verifyBackup({ databaseUrl, dir });
    expect(verification.state).toBe("failed");
    expect(verification.problems).toContain("users.jsonl does not match its SHA-256 checksum (damaged or altered)");
    expect((await readVerification(dir))?.state).toBe("failed");
  }, 120_000);

  it("streams a backup as a .tar.gz holding every file unchanged", async () => {
    const archive = path.join(workDir, "backup.tar.gz");
    await pipeline(createBackupArchive(backupDir), createWriteStream(archive));
    const extracted = path.join(workDir, "extracted");
    await fs.mkdir(extracted);
    const tar = spawnSync("tar", ["-xzf", archive, "-C", extracted], { encoding: "utf8" });
    expect(tar.stderr).toBe("");
    const names = (await fs.readdir(backupDir)).sort();
    expect((await fs.readdir(path.join(extracted, "backup"))).sort()).toEqual(names);
    for (const name of names) {
      expect((await fs.readFile(path.join(extracted, "backup", name))).equals(await fs.readFile(path.join(backupDir, name)))).toBe(true);
    }
  });
});
