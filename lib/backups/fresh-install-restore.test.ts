/**
 * Disaster recovery as it happens: a populated instance is backed up, a new one is started on an
 * empty database the way `npm start` does it (migrations, schema check, first admin from
 * ADMIN_EMAIL, demo data), and the backup is restored into it, through the library and through
 * the `db:restore` command.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { bootstrapDatabase } from "@/lib/launch/bootstrap";
import { verifyLiveSchema } from "@/lib/launch/verify-schema";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";
import {
  addedRows,
  checksumTables,
  remapSnapshot,
  seedBackupData,
  snapshotTables,
  withClient,
  type SeededIds,
} from "@/tests/support/backup-data";
import { createBackup } from "./backup";
import { readReferences, type Reference } from "./identity";
import { inspectDataFile, MANIFEST_FILE, readManifest } from "./manifest";
import { describeRestoreOutcome, restoreBackup, summarizeRestore, type RestoreReport } from "./restore";

const RESTORE_EVENT = '"action":"backup.restored"';

/** A new instance as `npm start` makes one: migrated, schema checked, first admin from ADMIN_EMAIL, demo data. */
async function startFreshInstance(label: string, adminEmail: string): Promise<string> {
  const databaseUrl = await createTestDatabase(inject("databaseServerUrl"), label);
  expect(await verifyLiveSchema(databaseUrl, () => undefined)).toBeNull();
  const saved = { url: process.env.DATABASE_URL, email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD };
  process.env.DATABASE_URL = databaseUrl;
  process.env.ADMIN_EMAIL = adminEmail;
  delete process.env.ADMIN_PASSWORD;
  resetEnvCache();
  try {
    const boot = await bootstrapDatabase({ demoData: true });
    expect(boot.createdAdmin?.email).toBe(adminEmail);
  } finally {
    await disconnectDb();
    for (const [name, value] of [["DATABASE_URL", saved.url], ["ADMIN_EMAIL", saved.email], ["ADMIN_PASSWORD", saved.password]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  }
  return databaseUrl;
}

/** Runs `npm run db:restore` as a user would; returns its exit code and output. */
async function runRestoreCommand(databaseUrl: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), path.join("scripts", "db-restore.ts"), ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number>((resolve) => child.on("exit", (exitCode) => resolve(exitCode ?? -1)));
  return { code, stdout, stderr };
}

function withoutRestoreEvents(snapshot: Record<string, string[]>): Record<string, string[]> {
  return { ...snapshot, audit_events: snapshot.audit_events!.filter((row) => !row.includes(RESTORE_EVENT)) };
}

describe("restoring onto a freshly started instance", () => {
  let sourceUrl: string;
  const targets: string[] = [];
  let workDir: string;
  let backupDir: string;
  let seeded: SeededIds;
  let original: Record<string, string[]>;
  let references: Reference[];

  beforeAll(async () => {
    sourceUrl = await createTestDatabase(inject("databaseServerUrl"), "dr_src");
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "clearsight-dr-"));
    seeded = await seedBackupData(sourceUrl);
    original = await snapshotTables(sourceUrl);
    backupDir = (await createBackup({ databaseUrl: sourceUrl, outDir: path.join(workDir, "backup") })).dir;
    references = await withClient(sourceUrl, (client) => readReferences(client));
  }, 120_000);
  afterAll(async () => {
    await Promise.all([sourceUrl, ...targets].map((url) => dropTestDatabase(url)));
    await fs.rm(workDir, { recursive: true, force: true });
  });

  async function freshTarget(label: string, adminEmail: string): Promise<string> {
    const url = await startFreshInstance(label, adminEmail);
    targets.push(url);
    return url;
  }

  /** A copy of the backup with one table's lines edited, and a manifest that vouches for them. */
  async function editedCopy(name: string, table: string, edit: (lines: string[]) => string[]): Promise<string> {
    const dir = path.join(workDir, name);
    await fs.cp(backupDir, dir, { recursive: true });
    const manifest = await readManifest(dir);
    const entry = manifest.tables.find((candidate) => candidate.name === table)!;
    const file = path.join(dir, entry.file);
    const lines = (await fs.readFile(file, "utf8")).split("\n").slice(0, -1);
    await fs.writeFile(file, edit(lines).map((line) => `${line}\n`).join(""));
    const actual = await inspectDataFile(file);
    Object.assign(entry, { rows: actual.rows, bytes: actual.bytes, sha256: actual.sha256 });
    manifest.totals.rows = manifest.tables.reduce((sum, candidate) => sum + candidate.rows, 0);
    await fs.writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    return dir;
  }

  function expectUnchangedSecondRun(second: RestoreReport) {
    for (const table of second.tables) {
      expect({ table: table.table, inserted: table.inserted, rejected: table.rejected, present: table.skipped + table.mapped }).toEqual({
        table: table.table,
        inserted: 0,
        rejected: 0,
        present: table.rows,
      });
    }
  }

  it("maps the backup's admin onto the new first admin with the same email and brings every row back, twice without change", async () => {
    const targetUrl = await freshTarget("dr_same_admin", seeded.adminEmail);
    const before = await snapshotTables(targetUrl);
    const firstAdmin = await withClient(targetUrl, async (client) =>
      (await client.query<{ id: string; password_hash: string; role: string }>("SELECT id::text, password_hash, role FROM users WHERE email = $1", [seeded.adminEmail])).rows[0]!,
    );
    expect(firstAdmin.id).not.toBe(seeded.adminId);

    const report = await restoreBackup({ databaseUrl: targetUrl, dir: backupDir });
    expect(report.identities.mapped).toEqual([{ table: "users", backupId: seeded.adminId, targetId: firstAdmin.id, key: seeded.adminEmail }]);
    expect(report.identities.created.map((identity) => identity.key)).toEqual([expect.stringMatching(/^tester-/)]);
    const outcome = summarizeRestore(report);
    expect(outcome).toMatchObject({ complete: true, rejected: 0, present: outcome.total });
    expect(describeRestoreOutcome(report)).toMatch(/^Restored: all \d+ rows of the backup are in the database/);

    const after = await snapshotTables(targetUrl);
    const added = withoutRestoreEvents(addedRows(before, after));
    const expected = remapSnapshot(original, report.identities.mapped, references);
    expect(checksumTables(added)).toEqual(checksumTables(expected));
    expect(after.audit_events!.filter((row) => row.includes(RESTORE_EVENT))).toHaveLength(1);
    // The existing account stays as it was: its password and role are not the backup's.
    const admin = await withClient(targetUrl, async (client) =>
      (await client.query<{ id: string; password_hash: string; role: string }>("SELECT id::text, password_hash, role FROM users WHERE email = $1", [seeded.adminEmail])).rows[0]!,
    );
    expect(admin).toEqual(firstAdmin);
    // The backup admin's projects now belong to the existing account.
    const owners = await withClient(targetUrl, async (client) =>
      (await client.query<{ created_by: string }>("SELECT DISTINCT created_by::text FROM projects WHERE id = $1", [seeded.projectId])).rows,
    );
    expect(owners).toEqual([{ created_by: firstAdmin.id }]);

    const second = await restoreBackup({ databaseUrl: targetUrl, dir: backupDir });
    expectUnchangedSecondRun(second);
    expect(await snapshotTables(targetUrl)).toEqual(after);
  }, 120_000);

  it("creates every user as it was when none of them exists in the target", async () => {
    const targetUrl = await freshTarget("dr_unknown_users", "someone-else@example.org");
    const before = await snapshotTables(targetUrl);
    const report = await restoreBackup({ databaseUrl: targetUrl, dir: backupDir });
    expect(report.identities.mapped).toEqual([]);
    expect(report.identities.created.map((identity) => identity.id).sort()).toEqual(
      original.users!.map((row) => (JSON.parse(row) as { id: string }).id).sort(),
    );
    expect(summarizeRestore(report).complete).toBe(true);
    const after = await snapshotTables(targetUrl);
    // Nothing to remap: the backup's rows, password hashes and roles included, are all there as they were.
    expect(checksumTables(withoutRestoreEvents(addedRows(before, after)))).toEqual(checksumTables(original));
    expectUnchangedSecondRun(await restoreBackup({ databaseUrl: targetUrl, dir: backupDir }));
    expect(await snapshotTables(targetUrl)).toEqual(after);
  }, 120_000);

  it("rejects one corrupted row, names it, exits non-zero, and restores everything else", async () => {
    let corruptId = "";
    let corruptLine = 0;
    const dir = await editedCopy("corrupt-row", "violations", (lines) =>
      lines.map((line, index) => {
        // The violation no screenshot hangs on, so nothing else depends on it.
        if (!line.includes('"rule_id":"image-alt"')) return line;
        corruptId = (JSON.parse(line) as { id: string }).id;
        corruptLine = index + 1;
        return line.replace(/"impact":null/, '"impact":"catastrophic"');
      }),
    );
    expect(corruptId).not.toBe("");
    const targetUrl = await freshTarget("dr_corrupt", seeded.adminEmail);
    const before = await snapshotTables(targetUrl);

    const run = await runRestoreCommand(targetUrl, [dir]);
    expect(run.stderr).not.toContain("db:restore failed");
    expect(run.code).toBe(2);
    const lines = run.stdout.trim().split("\n");
    const total = Object.values(original).reduce((sum, rows) => sum + rows.length, 0);
    expect(lines.at(-1)).toBe(`restored ${total - 1} of ${total} rows; 1 rejected, see above.`);
    expect(run.stdout).toContain("NOT EVERYTHING WAS RESTORED: 1 row rejected.");
    expect(run.stdout).toContain(`violations line ${corruptLine} (id ${corruptId}): invalid input value for enum "Impact": "catastrophic"`);
    expect(run.stdout).not.toMatch(/^Restored/m);

    const after = await snapshotTables(targetUrl);
    const mappings = [{ table: "users", backupId: seeded.adminId, targetId: (await withClient(targetUrl, async (client) => (await client.query<{ id: string }>("SELECT id::text FROM users WHERE email = $1", [seeded.adminEmail])).rows[0]!.id)) }];
    const expected = remapSnapshot(original, mappings, references);
    expected.violations = expected.violations!.filter((row) => !row.includes(corruptId));
    expect(checksumTables(withoutRestoreEvents(addedRows(before, after)))).toEqual(checksumTables(expected));

    // Run again, accepting the loss: nothing changes, and the exit code says so.
    const again = await runRestoreCommand(targetUrl, [dir, "--allow-partial"]);
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split("\n").at(-1)).toBe(`restored ${total - 1} of ${total} rows; 1 rejected, see above.`);
    expect(await snapshotTables(targetUrl)).toEqual(after);
  }, 180_000);

  it.each([
    ["row by row", {}],
    ["in bulk", { deferConstraintsFromRows: 0 }],
  ])("reports at the top, per table, the rows rejected only because their project was (%s)", async (_mode, options) => {
    const dir = await editedCopy(`corrupt-project-${Object.keys(options).length}`, "projects", (lines) =>
      lines.map((line) => (line.includes(seeded.projectId) ? line.replace(/"status":"active"/, '"status":"gone"') : line)),
    );
    const targetUrl = await freshTarget(`dr_cascade_${Object.keys(options).length}`, seeded.adminEmail);
    const report = await restoreBackup({ databaseUrl: targetUrl, dir, ...options });
    const byTable = Object.fromEntries(report.tables.map((table) => [table.table, table]));
    expect(byTable.projects).toMatchObject({ rejected: 1, cascaded: {} });
    expect(byTable.projects!.rejections[0]!.reason).toContain('invalid input value for enum "ProjectStatus": "gone"');
    // A session also names the rejected project's credential: either rejected parent may be the one named.
    expect(byTable.test_sessions).toMatchObject({ rejected: 2 });
    expect(Object.values(byTable.test_sessions!.cascaded).reduce((sum, rows) => sum + rows, 0)).toBe(2);
    expect(byTable.test_sessions!.rejections.every((rejection) => rejection.dependsOn !== undefined)).toBe(true);
    // Pages hang on their run, which hangs on its session: either rejected ancestor may be named.
    expect(byTable.page_results).toMatchObject({ rejected: 2 });
    expect(Object.values(byTable.page_results!.cascaded).reduce((sum, rows) => sum + rows, 0)).toBe(2);
    expect(Object.keys(byTable.page_results!.cascaded).every((table) => ["test_sessions", "scan_runs"].includes(table))).toBe(true);
    expect(byTable.triage_decisions).toMatchObject({ rejected: 1, cascaded: { projects: 1 } });
    expect(byTable.auth_configs).toMatchObject({ rejected: 1, cascaded: { projects: 1 } });
    const outcome = summarizeRestore(report);
    expect(outcome.cascaded.find((entry) => entry.table === "test_sessions")).toMatchObject({ table: "test_sessions", rows: 2 });
    expect(outcome.rejected - outcome.cascaded.reduce((sum, entry) => sum + entry.rows, 0)).toBe(1);
    expect(describeRestoreOutcome(report)).toBe(`restored ${outcome.present} of ${outcome.total} rows; ${outcome.rejected} rejected, see above.`);
  }, 120_000);
});
