import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { currentKey } from "@/lib/crypto";
import { listMigrationNames, MIGRATIONS_DIR } from "@/lib/database/migrations";
import { verifySchema } from "@/lib/schema-check/verify";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";
import { countRows, seedBackupData, snapshotTables, wipeTables, withClient, type SeededIds } from "@/tests/support/backup-data";
import { createBackup } from "./backup";
import { BackupRejectedError, FORMAT_VERSION, inspectDataFile, MANIFEST_FILE, readManifest } from "./manifest";
import { restoreBackup, type RestoreReport } from "./restore";

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

  /** A copy of the backup with one table's lines edited, and a manifest that vouches for them. */
  async function editedCopy(name: string, table: string, edit: (lines: string[]) => string[]): Promise<string> {
    return corruptedCopy(name, async (dir) => {
      const manifest = await readManifest(dir);
      const entry = manifest.tables.find((candidate) => candidate.name === table)!;
      const file = path.join(dir, entry.file);
      const lines = (await fs.readFile(file, "utf8")).split("\n").slice(0, -1);
      await fs.writeFile(file, edit(lines).map((line) => `${line}\n`).join(""));
      const actual = await inspectDataFile(file);
      Object.assign(entry, { rows: actual.rows, bytes: actual.bytes, sha256: actual.sha256 });
      manifest.totals.rows = manifest.tables.reduce((sum, candidate) => sum + candidate.rows, 0);
      await fs.writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    });
  }

  /** The restore's own audit event is the one row a restore adds that the backup did not hold. */
  const withoutRestoreEvents = (snapshot: Record<string, string[]>) => ({
    ...snapshot,
    audit_events: snapshot.audit_events!.filter((row) => !row.includes('"action":"backup.restored"')),
  });

  /** Per table; rejections without their line number, which only the row-by-row path knows. */
  const outcomes = (report: RestoreReport) =>
    Object.fromEntries(
      report.tables.map(({ table, rejections, ...outcome }) => [table, { ...outcome, rejections: rejections.map(({ line: _line, ...rejection }) => rejection) }]),
    );

  it("writes a self-describing manifest with counts, checksums, the migration and the key ids", async () => {
    const manifest = await readManifest(backupDir);
    expect(manifest.formatVersion).toBe(FORMAT_VERSION);
    expect(manifest.migrations.latest).toBe((await listMigrationNames(MIGRATIONS_DIR)).at(-1));
    expect(manifest.encryption.keyIds).toEqual([currentKey().id]);
    expect(Object.fromEntries(manifest.tables.map((table) => [table.name, table.rows]))).toEqual(await countRows(sourceUrl));
    expect(manifest.tables.map((table) => table.name).slice(0, 3)).toEqual(["users", "login_throttles", "projects"]);
    const authConfigs = await fs.readFile(path.join(backupDir, "auth_configs.jsonl"), "utf8");
    expect(authConfigs).toContain(`"secret_encrypted":"v1.${currentKey().id}.`);
    expect(authConfigs).not.toContain("s3cret");
  });

  it("is readable by the app's own user only: directory 0700, files 0600", async () => {
    // Under a new parent, so the parent the backup creates is checked too.
    const dir = (await createBackup({ databaseUrl: sourceUrl, outDir: path.join(workDir, "private", "one") })).dir;
    expect((await fs.stat(path.dirname(dir))).mode & 0o777).toBe(0o700);
    expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
    const files = await fs.readdir(dir);
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) expect({ file, mode: (await fs.stat(path.join(dir, file))).mode & 0o777 }).toEqual({ file, mode: 0o600 });
  });

  it("round-trips every table exactly: backup, wipe, restore", async () => {
    await wipeTables(sourceUrl);
    const report = await restoreBackup({ databaseUrl: sourceUrl, dir: backupDir });
    const restored = await snapshotTables(sourceUrl);
    expect(withoutRestoreEvents(restored)).toEqual(original);
    expect(restored.audit_events!.length).toBe(original.audit_events!.length + 1);
    // Runs come back with their results attached: both runs of the session, run 1 holding its pages.
    expect(original.scan_runs).toHaveLength(2);
    expect(original.page_results!.every((row) => row.includes(`"run_id":"${seeded.runId}"`))).toBe(true);
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
        "SELECT changes, changes IS NULL AS is_sql_null FROM audit_events WHERE action NOT IN ('project.created', 'backup.restored') ORDER BY action, changes::text NULLS FIRST",
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

  it.each([
    ["row by row", {}],
    ["in bulk", { deferConstraintsFromRows: 0 }],
  ])("maps a backup user onto the account with the same email, keeping that account and moving references (%s)", async (_mode, options) => {
    await wipeTables(targetUrl);
    const existingId = randomUUID();
    await withClient(targetUrl, (client) =>
      client.query("INSERT INTO users (id, email, name, password_hash, role, updated_at) VALUES ($1, $2, 'Someone else', 'kept', 'VIEWER', now())", [existingId, seeded.adminEmail]),
    );
    const report = await restoreBackup({ databaseUrl: targetUrl, dir: backupDir, ...options });
    expect(outcomes(report).users).toMatchObject({ rows: 2, inserted: 1, skipped: 0, mapped: 1, rejected: 0 });
    expect(report.identities.mapped).toEqual([{ table: "users", backupId: seeded.adminId, targetId: existingId, key: seeded.adminEmail }]);
    expect(report.tables.every((table) => table.rejected === 0)).toBe(true);
    await withClient(targetUrl, async (client) => {
      const users = await client.query("SELECT id::text, name, password_hash, role FROM users WHERE email = $1", [seeded.adminEmail]);
      expect(users.rows).toEqual([{ id: existingId, name: "Someone else", password_hash: "kept", role: "VIEWER" }]);
      const references = await client.query<{ refs: string }>(
        `SELECT (SELECT count(*) FROM projects WHERE created_by = $1) + (SELECT count(*) FROM test_sessions WHERE created_by = $1)
              + (SELECT count(*) FROM auth_configs WHERE created_by = $1) + (SELECT count(*) FROM api_tokens WHERE user_id = $1)
              + (SELECT count(*) FROM audit_events WHERE actor_id = $1) AS refs`,
        [existingId],
      );
      expect(Number(references.rows[0]!.refs)).toBe(2 + 2 + 2 + 1 + 2);
    });
    const counts = await countRows(targetUrl);
    expect(counts).toMatchObject({ users: 2, projects: 2, test_sessions: 2, violations: 2 });
  });

  it("reports a dry run without changing anything", async () => {
    await wipeTables(targetUrl);
    const report = await restoreBackup({ databaseUrl: targetUrl, dir: backupDir, dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.tables.find((table) => table.table === "violations")!.inserted).toBe(2);
    expect(Object.values(await countRows(targetUrl)).every((count) => count === 0)).toBe(true);
  });

  describe("with every table loaded in bulk (indexes and foreign keys rebuilt after loading)", () => {
    const bulk = { deferConstraintsFromRows: 0 };

    it("round-trips every table exactly and leaves the schema as the migrations made it", async () => {
      await wipeTables(targetUrl);
      const report = await restoreBackup({ databaseUrl: targetUrl, dir: backupDir, ...bulk });
      expect(withoutRestoreEvents(await snapshotTables(targetUrl))).toEqual(original);
      expect(report.tables.every((table) => table.inserted === original[table.table]!.length && table.rejected === 0)).toBe(true);
      const schema = await withClient(targetUrl, (client) => verifySchema(client));
      expect(schema.errors).toEqual([]);
    });

    it("rejects a violation whose page result is missing, and what hangs on it, with the same reasons as row by row", async () => {
      const missingPage = randomUUID();
      const dir = await editedCopy("orphan", "violations", (lines) =>
        lines.map((line) => (line.includes('"rule_id":"color-contrast"') ? line.replace(/"page_result_id":"[^"]+"/, `"page_result_id":"${missingPage}"`) : line)),
      );
      const orphanId = (JSON.parse((await fs.readFile(path.join(dir, "violations.jsonl"), "utf8")).split("\n").find((line) => line.includes(missingPage))!) as { id: string }).id;

      await wipeTables(targetUrl);
      const inBulk = await restoreBackup({ databaseUrl: targetUrl, dir, ...bulk });
      const bulkCounts = await countRows(targetUrl);
      expect(outcomes(inBulk).violations).toEqual({
        rows: 2,
        inserted: 1,
        skipped: 0,
        rejected: 1,
        mapped: 0,
        cascaded: {},
        rejections: [
          {
            id: orphanId,
            reason: `insert or update on table "violations" violates foreign key constraint "violations_page_result_id_fkey" (Key (page_result_id)=(${missingPage}) is not present in table "page_results".)`,
          },
        ],
      });
      // The element screenshot of the rejected violation cannot go in either; the page screenshot does.
      expect(outcomes(inBulk).screenshots).toMatchObject({ rows: 2, inserted: 1, rejected: 1 });
      expect(outcomes(inBulk).screenshots!.rejections[0]!.reason).toContain('violates foreign key constraint "screenshots_violation_id_fkey"');
      // Refused only because its violation was: said so, and counted apart.
      expect(outcomes(inBulk).screenshots).toMatchObject({ cascaded: { violations: 1 } });
      expect(outcomes(inBulk).screenshots!.rejections[0]!.dependsOn).toEqual({ table: "violations", id: orphanId });
      expect(bulkCounts).toMatchObject({ violations: 1, screenshots: 1, page_results: 2 });
      expect((await withClient(targetUrl, (client) => verifySchema(client))).errors).toEqual([]);

      await wipeTables(targetUrl);
      const rowByRow = await restoreBackup({ databaseUrl: targetUrl, dir });
      expect(outcomes(rowByRow)).toEqual(outcomes(inBulk));
      expect(await countRows(targetUrl)).toEqual(bulkCounts);
    });

    it("keeps the first of two rows with the same id in the backup and skips the other", async () => {
      const dir = await editedCopy("duplicate", "violations", (lines) => [...lines, lines[0]!.replace(/"selector":"[^"]*"/, '"selector":"a later copy"')]);
      for (const options of [bulk, {}]) {
        await wipeTables(targetUrl);
        const report = await restoreBackup({ databaseUrl: targetUrl, dir, ...options });
        expect(outcomes(report).violations).toMatchObject({ rows: 3, inserted: 2, skipped: 1, rejected: 0 });
        expect((await snapshotTables(targetUrl)).violations).toEqual(original.violations);
      }
    });

    it("skips rows already there and keeps edits made after the backup", async () => {
      await wipeTables(targetUrl);
      await restoreBackup({ databaseUrl: targetUrl, dir: backupDir, ...bulk });
      await withClient(targetUrl, (client) => client.query("UPDATE violations SET status = 'wont_fix'"));
      const edited = await snapshotTables(targetUrl);
      const second = await restoreBackup({ databaseUrl: targetUrl, dir: backupDir, ...bulk });
      expect(second.tables.every((table) => table.inserted === 0 && table.rejected === 0 && table.skipped === table.rows)).toBe(true);
      expect(await snapshotTables(targetUrl)).toEqual(edited);
    });
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
