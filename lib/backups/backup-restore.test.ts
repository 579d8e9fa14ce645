import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { currentKey } from "@/lib/crypto";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";
import { countRows, seedBackupData, snapshotTables, wipeTables, withClient, type SeededIds } from "@/tests/support/backup-data";
import { createBackup } from "./backup";
import { BackupRejectedError, FORMAT_VERSION, readManifest } from "./manifest";
import { restoreBackup } from "./restore";

describe("backup and restore", () => {
  let sourceUrl: string;
  let targetUrl: string;
  let workDir: string;
  let backupDir: string;
  let seeded: SeededIds;
  let original: Record<string, string[]>;

  beforeAll(async () => {
    [sourceUrl, targetUrl] = await Promise.all([
      createTestDatabase(inject("databaseServerUrl"), "backup_src"),
      createTestDatabase(inject("databaseServerUrl"), "backup_dst"),
    ]);
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "clearsight-backup-"));
    seeded = await seedBackupData(sourceUrl);
    original = await snapshotTables(sourceUrl);
    backupDir = (await createBackup({ databaseUrl: sourceUrl, outDir: path.join(workDir, "good") })).dir;
  });
  afterAll(async () => {
    await Promise.all([dropTestDatabase(sourceUrl), dropTestDatabase(targetUrl)]);
    await fs.rm(workDir, { recursive: true, force: true });
  });

  async function corruptedCopy(name: string, damage: (dir: string) => Promise<void>): Promise<string> {
    const dir = path.join(workDir, name);
    await fs.cp(backupDir, dir, { recursive: true });
    await damage(dir);
    return dir;
  }

  it("writes a self-describing manifest with counts, checksums, the migration and the key ids", async () => {
    const manifest = await readManifest(backupDir);
    expect(manifest.formatVersion).toBe(FORMAT_VERSION);
    expect(manifest.migrations.latest).toMatch(/^\d{14}_init$/);
    expect(manifest.encryption.keyIds).toEqual([currentKey().id]);
    expect(Object.fromEntries(manifest.tables.map((table) => [table.name, table.rows]))).toEqual(await countRows(sourceUrl));
    expect(manifest.tables.map((table) => table.name).slice(0, 3)).toEqual(["users", "login_throttles", "projects"]);
    const authConfigs = await fs.readFile(path.join(backupDir, "auth_configs.jsonl"), "utf8");
    expect(authConfigs).toContain(`"secret_encrypted":"v1.${currentKey().id}.`);
    expect(authConfigs).not.toContain("s3cret");
  });

  it("round-trips every table exactly: backup, wipe, restore", async () => {
    await wipeTables(sourceUrl);
    const report = await restoreBackup({ databaseUrl: sourceUrl, dir: backupDir });
    expect(await snapshotTables(sourceUrl)).toEqual(original);
    for (const table of report.tables) {
      expect({ table: table.table, inserted: table.inserted, skipped: table.skipped, rejected: table.rejected }).toEqual({
        table: table.table,
        inserted: original[table.table]!.length,
        skipped: 0,
        rejected: 0,
      });
    }
    await withClient(sourceUrl, async (client) => {
      const { rows } = await client.query<{ changes: unknown; is_sql_null: boolean }>(
        "SELECT changes, changes IS NULL AS is_sql_null FROM audit_events WHERE action <> 'project.created' ORDER BY action, changes::text NULLS FIRST",
      );
      expect(rows.map((row) => row.is_sql_null)).toEqual([true, false, false]);
      const html = await client.query<{ length: number }>("SELECT max(length(html)) AS length FROM violations");
      expect(html.rows[0]!.length).toBe(512 * 1024 + 11);
    });
  });

  it("changes nothing when restored twice, and keeps edits made after the backup", async () => {
    await wipeTables(targetUrl);
    await restoreBackup({ databaseUrl: targetUrl, dir: backupDir });
    await withClient(targetUrl, (client) => client.query("UPDATE projects SET name = 'Renamed after the backup' WHERE id = $1", [seeded.projectId]));
    const edited = await snapshotTables(targetUrl);

    const second = await restoreBackup({ databaseUrl: targetUrl, dir: backupDir });
    expect(second.tables.every((table) => table.inserted === 0 && table.rejected === 0 && table.skipped === table.rows)).toBe(true);
    expect(await snapshotTables(targetUrl)).toEqual(edited);
    expect(edited.projects!.some((row) => row.includes("Renamed after the backup"))).toBe(true);
  });

  it("rejects rows that break a constraint with their reason, and restores the rest", async () => {
    await wipeTables(targetUrl);
    // Same email, different id: the backup's admin cannot go in, nor what only it may own.
    await withClient(targetUrl, (client) =>
      client.query("INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'Someone else', 'x', now())", [seeded.adminEmail]),
    );
    const report = await restoreBackup({ databaseUrl: targetUrl, dir: backupDir });
    const users = report.tables.find((table) => table.table === "users")!;
    expect(users).toMatchObject({ inserted: 1, skipped: 0, rejected: 1 });
    expect(users.rejections[0]).toEqual({ id: seeded.adminId, reason: expect.stringContaining('violates unique constraint "users_email_key"') });
    const projects = report.tables.find((table) => table.table === "projects")!;
    expect(projects).toMatchObject({ inserted: 0, rejected: 2 });
    expect(projects.rejections[0]!.reason).toContain('violates foreign key constraint "projects_created_by_fkey"');
    const counts = await countRows(targetUrl);
    expect(counts.users).toBe(2);
    expect(counts.login_throttles).toBe(1);
    expect(counts.projects).toBe(0);
  });

  it("reports a dry run without changing anything", async () => {
    await wipeTables(targetUrl);
    const report = await restoreBackup({ databaseUrl: targetUrl, dir: backupDir, dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.tables.find((table) => table.table === "violations")!.inserted).toBe(2);
    expect(Object.values(await countRows(targetUrl)).every((count) => count === 0)).toBe(true);
  });

  describe("refuses a damaged or incompatible backup before writing anything", () => {
    const cases: Array<[string, (dir: string) => Promise<void>, RegExp]> = [
      [
        "flipped byte",
        async (dir) => {
          const file = path.join(dir, "violations.jsonl");
          const bytes = await fs.readFile(file);
          bytes[100] = bytes[100]! ^ 0x01;
          await fs.writeFile(file, bytes);
        },
        /violations\.jsonl does not match its SHA-256 checksum/,
      ],
      [
        "truncated file",
        async (dir) => {
          const file = path.join(dir, "projects.jsonl");
          const stat = await fs.stat(file);
          await fs.truncate(file, stat.size - 10);
        },
        /projects\.jsonl is \d+ bytes, the manifest says \d+ \(truncated or altered\)/,
      ],
      ["missing file", (dir) => fs.rm(path.join(dir, "users.jsonl")), /users\.jsonl is missing/],
      [
        "wrong format version",
        async (dir) => {
          const manifest = JSON.parse(await fs.readFile(path.join(dir, "manifest.json"), "utf8")) as Record<string, unknown>;
          await fs.writeFile(path.join(dir, "manifest.json"), JSON.stringify({ ...manifest, formatVersion: 99 }));
        },
        /format version 99 is not supported/,
      ],
      [
        "newer migration",
        async (dir) => {
          const manifest = JSON.parse(await fs.readFile(path.join(dir, "manifest.json"), "utf8")) as { migrations: { latest: string; applied: string[] } };
          manifest.migrations.applied.push("20991231000000_from_the_future");
          manifest.migrations.latest = "20991231000000_from_the_future";
          await fs.writeFile(path.join(dir, "manifest.json"), JSON.stringify(manifest));
        },
        /migration 20991231000000_from_the_future, which this Clearsight does not know.*upgrade Clearsight/,
      ],
    ];

    it.each(cases)("%s", async (name, damage, expected) => {
      await wipeTables(targetUrl);
      const dir = await corruptedCopy(name.replace(/\s/g, "-"), damage);
      const attempt = restoreBackup({ databaseUrl: targetUrl, dir });
      await expect(attempt).rejects.toBeInstanceOf(BackupRejectedError);
      await expect(attempt).rejects.toThrow(expected);
      expect(Object.values(await countRows(targetUrl)).every((count) => count === 0)).toBe(true);
    });
  });
});
