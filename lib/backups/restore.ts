/**
 * Restoring a backup directory (Clearsight's own format, or the previous system's plain JSON)
 * into a database that runs the current schema. The backup is validated whole before anything
 * is written; then everything happens in ONE transaction, so an error or a killed process
 * leaves the database exactly as it was. Rows already present (same primary key) are kept.
 * Clearsight backups are loaded table by table by load-table.ts; legacy ones by legacy.ts.
 */
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { parseKey } from "@/lib/crypto";
import { listMigrationNames, MIGRATIONS_DIR } from "@/lib/database/migrations";
import { readEnv } from "@/lib/env";
import { formatSchemaReport, verifySchema } from "@/lib/schema-check/verify";
import type { TableResult } from "./insert-rows";
import { isLegacyBackup, restoreLegacyBackup } from "./legacy";
import { loadTable, STAGING_TEMP_BUFFERS } from "./load-table";
import { BackupRejectedError, checkDataFiles, MANIFEST_FILE, readManifest, type Manifest } from "./manifest";
import { createProgressCounter, type ProgressListener } from "./progress";
import { JSON_SESSION_SETTINGS, listBackupTables, readTableColumns } from "./tables";

export type RestoreOptions = {
  databaseUrl: string;
  dir: string;
  /** Do everything, report it, then roll back. */
  dryRun?: boolean;
  /** Legacy backups: the admin who takes over records whose creator is not in the database. */
  asEmail?: string;
  onProgress?: ProgressListener;
  migrationsDir?: string;
  /**
   * Tables with at least this many rows in the backup are loaded with their indexes and
   * foreign keys deferred (default 50,000; below that, rebuilding costs more than it saves).
   */
  deferConstraintsFromRows?: number;
};

export type RestoreReport = {
  kind: "clearsight" | "legacy";
  dir: string;
  dryRun: boolean;
  tables: TableResult[];
  notes: string[];
  durationMs: number;
};

/** Above this many rows, rebuilding a table's indexes and foreign keys beats maintaining them row by row. */
const DEFER_CONSTRAINTS_ROWS = 50_000;

/** Refuses a backup this code cannot restore faithfully; returns notes about what it will do. */
export async function checkMigrationCompatibility(manifest: Manifest, migrationsDir = MIGRATIONS_DIR): Promise<string[]> {
  const known = await listMigrationNames(migrationsDir);
  const unknown = manifest.migrations.applied.filter((name) => !known.includes(name));
  if (unknown.length > 0 || (manifest.migrations.latest && !known.includes(manifest.migrations.latest))) {
    throw new BackupRejectedError([
      `the backup was made at migration ${manifest.migrations.latest}, which this Clearsight does not know ` +
        `(unknown: ${(unknown.length > 0 ? unknown : [manifest.migrations.latest]).join(", ")}); ` +
        "it comes from a newer version: upgrade Clearsight, then restore it",
    ]);
  }
  const latestKnown = known.at(-1);
  if (manifest.migrations.latest !== latestKnown) {
    return [
      `The backup is from an older schema (migration ${manifest.migrations.latest ?? "none"}; this code is at ${latestKnown}): ` +
        "its rows are mapped onto the current tables by column name, and columns added since take their defaults.",
    ];
  }
  return [];
}

/** Everything that can be checked without touching the database. */
export async function validateBackup(dir: string, migrationsDir = MIGRATIONS_DIR, onProgress?: ProgressListener): Promise<{ manifest: Manifest; notes: string[] }> {
  const manifest = await readManifest(dir);
  const notes = await checkMigrationCompatibility(manifest, migrationsDir);
  const counter = createProgressCounter(manifest.totals.rows, onProgress);
  let previous = 0;
  let previousTable = "";
  const problems = await checkDataFiles(dir, manifest, (table, rows, total) => {
    if (table !== previousTable) {
      previous = 0;
      previousTable = table;
    }
    counter.addDone(rows - previous);
    previous = rows;
    onProgress?.({ phase: "check", table, rows, tableRows: total, doneRows: counter.doneRows(), totalRows: counter.totalRows });
  });
  if (problems.length > 0) throw new BackupRejectedError(problems);
  return { manifest, notes };
}

function describeEncryptionKeys(manifest: Manifest): string[] {
  if (manifest.encryption.keyIds.length === 0) return [];
  const env = readEnv();
  const configured = new Set<string>();
  for (const [value, name] of [[env.ENCRYPTION_KEY, "ENCRYPTION_KEY"], [env.ENCRYPTION_KEY_PREVIOUS, "ENCRYPTION_KEY_PREVIOUS"]] as const) {
    if (!value) continue;
    try {
      configured.add(parseKey(value, name).id);
    } catch {
      // An invalid key is reported by the app at start; here it simply matches nothing.
    }
  }
  const missing = manifest.encryption.keyIds.filter((id) => !configured.has(id));
  return [
    `Auth-config secrets are restored still encrypted (key id(s) ${manifest.encryption.keyIds.join(", ")}).` +
      (missing.length > 0
        ? ` No configured key has id ${missing.join(", ")}: set ENCRYPTION_KEY (or ENCRYPTION_KEY_PREVIOUS) to the key that encrypted them, or those secrets cannot be used.`
        : " The configured keys can decrypt them."),
  ];
}

async function restoreClearsightBackup(
  client: pg.ClientBase,
  dir: string,
  manifest: Manifest,
  options: { onProgress?: ProgressListener; deferConstraintsFromRows: number },
): Promise<{ tables: TableResult[]; notes: string[] }> {
  const notes: string[] = [];
  const specs = listBackupTables();
  const live = await readTableColumns(client, specs.map((spec) => spec.name));
  const byName = new Map(manifest.tables.map((table) => [table.name, table]));
  const counter = createProgressCounter(manifest.totals.rows, options.onProgress);
  const tables: TableResult[] = [];

  for (const unknown of manifest.tables.filter((table) => !specs.some((spec) => spec.name === table.name))) {
    notes.push(`Table ${unknown.name} (${unknown.rows} rows) no longer exists in Clearsight; not restored.`);
  }
  for (const spec of specs) {
    const source = byName.get(spec.name);
    if (!source) {
      notes.push(`The backup has no ${spec.name} table; its rows in the database are left as they are.`);
      continue;
    }
    const liveColumns = live.get(spec.name)!;
    const liveNames = new Set(liveColumns.map((column) => column.name));
    const dropped = source.columns.filter((column) => !liveNames.has(column.name)).map((column) => column.name);
    if (dropped.length > 0) notes.push(`Column(s) ${dropped.map((name) => `${spec.name}.${name}`).join(", ")} no longer exist; their values are not restored.`);
    const sourceColumns = new Map(source.columns.map((column) => [column.name, column]));
    const columns = liveColumns.filter((column) => sourceColumns.has(column.name)).map((column) => ({ ...column, encoding: sourceColumns.get(column.name)!.encoding }));
    tables.push(
      await loadTable(client, { table: spec.name, primaryKey: spec.primaryKey, columns }, {
        file: path.join(dir, source.file),
        expectedRows: source.rows,
        deferConstraints: source.rows >= options.deferConstraintsFromRows,
        progress: counter,
      }),
    );
  }
  notes.push(...describeEncryptionKeys(manifest));
  return { tables, notes };
}

export async function detectBackupKind(dir: string): Promise<"clearsight" | "legacy"> {
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new BackupRejectedError([`${dir} is not a directory`]);
  if (await fs.access(path.join(dir, MANIFEST_FILE)).then(() => true, () => false)) return "clearsight";
  if (await isLegacyBackup(dir)) return "legacy";
  throw new BackupRejectedError([`${dir} holds neither a ${MANIFEST_FILE} nor a legacy backup (projects.json, test_sessions.json...)`]);
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreReport> {
  const started = Date.now();
  const dryRun = options.dryRun ?? false;
  const kind = await detectBackupKind(options.dir);
  const validated = kind === "clearsight" ? await validateBackup(options.dir, options.migrationsDir, options.onProgress) : undefined;

  const client = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const schema = await verifySchema(client, { migrationsDir: options.migrationsDir });
    if (!schema.ok) {
      throw new Error(`The target database does not match this code, so nothing was restored.\n${formatSchemaReport(schema)}`);
    }
    await client.query(JSON_SESSION_SETTINGS);
    await client.query(STAGING_TEMP_BUFFERS);
    await client.query("BEGIN");
    try {
      const outcome =
        kind === "clearsight"
          ? await restoreClearsightBackup(client, options.dir, validated!.manifest, {
              onProgress: options.onProgress,
              deferConstraintsFromRows: options.deferConstraintsFromRows ?? DEFER_CONSTRAINTS_ROWS,
            })
          : await restoreLegacyBackup(client, options.dir, { asEmail: options.asEmail, onProgress: options.onProgress });
      await client.query(dryRun ? "ROLLBACK" : "COMMIT");
      return {
        kind,
        dir: options.dir,
        dryRun,
        tables: outcome.tables,
        notes: [...(validated?.notes ?? []), ...outcome.notes],
        durationMs: Date.now() - started,
      };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  } finally {
    await client.end();
  }
}

export function formatRestoreReport(report: RestoreReport): string {
  const lines = [
    `${report.dryRun ? "Dry run (rolled back, nothing changed)" : "Restored"}: ${report.kind === "legacy" ? "legacy backup" : "Clearsight backup"} ${report.dir} in ${(report.durationMs / 1000).toFixed(1)}s`,
    "",
    `${"table".padEnd(18)} ${"rows".padStart(10)} ${"inserted".padStart(10)} ${"skipped".padStart(10)} ${"rejected".padStart(10)}`,
  ];
  for (const table of report.tables) {
    lines.push(
      `${table.table.padEnd(18)} ${String(table.rows).padStart(10)} ${String(table.inserted).padStart(10)} ${String(table.skipped).padStart(10)} ${String(table.rejected).padStart(10)}`,
    );
  }
  const rejected = report.tables.filter((table) => table.rejected > 0);
  if (rejected.length > 0) {
    lines.push("", "Rejected rows (kept out; everything else went in):");
    for (const table of rejected) {
      for (const rejection of table.rejections) lines.push(`  ${table.table} ${rejection.id}: ${rejection.reason}`);
      if (table.rejected > table.rejections.length) lines.push(`  ${table.table}: ${table.rejected - table.rejections.length} more`);
    }
  }
  if (report.notes.length > 0) {
    lines.push("", "Notes:");
    for (const note of report.notes) lines.push(`  - ${note}`);
  }
  lines.push("", "Skipped rows already existed (same id) and were left as they are: a restore never overwrites newer edits.");
  return lines.join("\n");
}
