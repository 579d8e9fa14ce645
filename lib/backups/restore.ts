/**
 * Restoring a backup directory (Clearsight's own format, or the previous system's plain JSON)
 * into a database that runs the current schema. The backup is validated whole before anything
 * is written; then everything happens in ONE transaction, so an error or a killed process
 * leaves the database exactly as it was. Rows already present (same primary key) are kept.
 * Users already in the target (same email, another id) are kept and the backup's references
 * moved onto them (identity.ts); users the target lacks are created as they were in the backup.
 * Clearsight backups are loaded table by table by load-table.ts; legacy ones by legacy.ts.
 */
import fs from "node:fs/promises";
import pg from "pg";
import { parseKey } from "@/lib/crypto";
import { listMigrationNames, MIGRATIONS_DIR } from "@/lib/database/migrations";
import { readEnv } from "@/lib/env";
import { formatSchemaReport, verifySchema } from "@/lib/schema-check/verify";
import path from "node:path";
import { hasIdentityMappings, IDENTITY_KEYS, listIdentityMappings, prepareRestoreBookkeeping, readReferences, type IdentityMapping } from "./identity";
import type { TableResult } from "./insert-rows";
import { isLegacyBackup, restoreLegacyBackup } from "./legacy";
import { loadTable, STAGING_TEMP_BUFFERS } from "./load-table";
import { BackupRejectedError, checkDataFiles, MANIFEST_FILE, readManifest, type Manifest } from "./manifest";
import { createProgressCounter, type ProgressListener } from "./progress";
import { JSON_SESSION_SETTINGS, listBackupTables, quoteIdent, readTableColumns } from "./tables";

export type RestoreOptions = {
  databaseUrl: string;
  dir: string;
  /** Do everything, report it, then roll back. */
  dryRun?: boolean;
  /** Legacy backups: the admin who takes over records whose creator is not in the database. */
  asEmail?: string;
  /** Who restores, for the audit event (the CLI has no signed-in user). */
  actor?: { id: string; email: string };
  onProgress?: ProgressListener;
  migrationsDir?: string;
  /**
   * Tables with at least this many rows in the backup are loaded with their indexes and
   * foreign keys deferred (default 50,000; below that, rebuilding costs more than it saves).
   */
  deferConstraintsFromRows?: number;
};

export type CreatedIdentity = { table: string; id: string; key: string };

export type RestoreReport = {
  kind: "clearsight" | "legacy";
  dir: string;
  dryRun: boolean;
  tables: TableResult[];
  /** Backup rows matched to existing accounts by email, and accounts created from the backup. */
  identities: { mapped: IdentityMapping[]; created: CreatedIdentity[] };
  notes: string[];
  durationMs: number;
};

export type RestoreOutcome = {
  /** Rows in the backup. */
  total: number;
  /** Rows now in the database: inserted, already there, or mapped onto an existing account. */
  present: number;
  inserted: number;
  rejected: number;
  /** Of `rejected`: refused only because a row they need was rejected, by table. */
  cascaded: Array<{ table: string; rows: number; because: Record<string, number> }>;
  complete: boolean;
};

export function summarizeRestore(report: RestoreReport): RestoreOutcome {
  const sum = (pick: (table: TableResult) => number) => report.tables.reduce((total, table) => total + pick(table), 0);
  const rejected = sum((table) => table.rejected);
  return {
    total: sum((table) => table.rows),
    present: sum((table) => table.inserted + table.skipped + table.mapped),
    inserted: sum((table) => table.inserted),
    rejected,
    cascaded: report.tables
      .map((table) => ({ table: table.table, rows: Object.values(table.cascaded).reduce((total, rows) => total + rows, 0), because: table.cascaded }))
      .filter((entry) => entry.rows > 0),
    complete: rejected === 0,
  };
}

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
): Promise<{ tables: TableResult[]; notes: string[]; created: CreatedIdentity[] }> {
  const notes: string[] = [];
  const created: CreatedIdentity[] = [];
  const specs = listBackupTables();
  const references = await readReferences(client);
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
    // References to rows that were mapped onto existing ones follow them (parents load first).
    const remap = [];
    for (const reference of references.filter((candidate) => candidate.table === spec.name && IDENTITY_KEYS[candidate.parent] !== undefined)) {
      if (columns.some((column) => column.name === reference.column) && (await hasIdentityMappings(client, reference.parent))) {
        remap.push({ column: reference.column, parent: reference.parent });
      }
    }
    const identityKey = IDENTITY_KEYS[spec.name];
    const before = identityKey ? await listKeys(client, spec.name, spec.primaryKey[0]!, identityKey) : undefined;
    tables.push(
      await loadTable(client, { table: spec.name, primaryKey: spec.primaryKey, columns, remap, identity: identityKey !== undefined }, {
        file: path.join(dir, source.file),
        expectedRows: source.rows,
        deferConstraints: source.rows >= options.deferConstraintsFromRows,
        progress: counter,
      }),
    );
    if (before && identityKey) {
      for (const [id, key] of await listKeys(client, spec.name, spec.primaryKey[0]!, identityKey)) {
        if (!before.has(id)) created.push({ table: spec.name, id, key });
      }
    }
  }
  notes.push(...describeEncryptionKeys(manifest));
  return { tables, notes, created };
}

/** Ids and natural keys of an identity table (a small one: users). */
async function listKeys(client: pg.ClientBase, table: string, primaryKey: string, key: string): Promise<Map<string, string>> {
  const { rows } = await client.query<{ id: string; key: string }>(
    `SELECT ${quoteIdent(primaryKey)}::text AS id, ${quoteIdent(key)}::text AS key FROM ${quoteIdent(table)} ORDER BY 2`,
  );
  return new Map(rows.map((row) => [row.id, row.key]));
}

/** The audit event of a restore that changed something; written in the restore's transaction. */
async function recordRestoreAudit(client: pg.ClientBase, options: RestoreOptions, kind: RestoreReport["kind"], outcome: RestoreOutcome, mapped: number, created: number) {
  await client.query(
    `INSERT INTO audit_events (id, actor_id, actor_email, action, record_type, record_id, changes)
     VALUES (gen_random_uuid(), $1, $2, 'backup.restored', 'backup', $3, $4)`,
    [
      options.actor?.id ?? null,
      options.actor?.email ?? null,
      path.basename(options.dir),
      JSON.stringify({ kind, rows: outcome.total, inserted: outcome.inserted, present: outcome.present, rejected: outcome.rejected, usersMapped: mapped, usersCreated: created }),
    ],
  );
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
      await prepareRestoreBookkeeping(client);
      const outcome =
        kind === "clearsight"
          ? await restoreClearsightBackup(client, options.dir, validated!.manifest, {
              onProgress: options.onProgress,
              deferConstraintsFromRows: options.deferConstraintsFromRows ?? DEFER_CONSTRAINTS_ROWS,
            })
          : await restoreLegacyBackup(client, options.dir, { asEmail: options.asEmail, onProgress: options.onProgress });
      const report: RestoreReport = {
        kind,
        dir: options.dir,
        dryRun,
        tables: outcome.tables,
        identities: { mapped: await listIdentityMappings(client), created: outcome.created },
        notes: [...(validated?.notes ?? []), ...outcome.notes],
        durationMs: 0,
      };
      const summary = summarizeRestore(report);
      if (!dryRun && summary.inserted > 0) {
        await recordRestoreAudit(client, options, kind, summary, report.identities.mapped.length, report.identities.created.length);
      }
      await client.query(dryRun ? "ROLLBACK" : "COMMIT");
      return { ...report, durationMs: Date.now() - started };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  } finally {
    await client.end();
  }
}

function plural(count: number, word: string): string {
  return `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;
}

/** The last line of a restore's report: plain about whether everything is in the database. */
export function describeRestoreOutcome(report: RestoreReport): string {
  const outcome = summarizeRestore(report);
  const parts = `${outcome.inserted.toLocaleString("en-US")} inserted, ${(outcome.present - outcome.inserted).toLocaleString("en-US")} already there or matched by email`;
  if (report.dryRun) {
    return outcome.complete
      ? `Dry run, nothing changed: all ${plural(outcome.total, "row")} of the backup would be in the database (${parts}).`
      : `Dry run, nothing changed: would restore ${outcome.present.toLocaleString("en-US")} of ${plural(outcome.total, "row")}; ${outcome.rejected.toLocaleString("en-US")} would be rejected, see above.`;
  }
  return outcome.complete
    ? `Restored: all ${plural(outcome.total, "row")} of the backup are in the database (${parts}).`
    : `restored ${outcome.present.toLocaleString("en-US")} of ${plural(outcome.total, "row")}; ${outcome.rejected.toLocaleString("en-US")} rejected, see above.`;
}

export function formatRestoreReport(report: RestoreReport): string {
  const outcome = summarizeRestore(report);
  const lines = [
    `${report.dryRun ? "Dry run (rolled back, nothing changed) of" : "Restore of"} ${report.kind === "legacy" ? "legacy backup" : "Clearsight backup"} ${report.dir}, ${(report.durationMs / 1000).toFixed(1)}s`,
  ];
  if (!outcome.complete) {
    const own = outcome.rejected - outcome.cascaded.reduce((total, entry) => total + entry.rows, 0);
    lines.push("", `NOT EVERYTHING WAS RESTORED: ${plural(outcome.rejected, "row")} rejected.`);
    if (own > 0) lines.push(`  ${plural(own, "row")} rejected for a reason of their own (listed below).`);
    for (const entry of outcome.cascaded) {
      const because = Object.entries(entry.because).map(([table, rows]) => `${rows} because their ${table} row was rejected`).join(", ");
      lines.push(`  ${entry.table}: ${plural(entry.rows, "row")} rejected only because a row they need was rejected (${because}).`);
    }
  }
  if (report.identities.mapped.length > 0) {
    lines.push("", "Matched by email to accounts already here (their password and role are kept; the backup's records now point at them):");
    for (const mapping of report.identities.mapped) lines.push(`  ${mapping.key}: backup ${mapping.table} ${mapping.backupId} -> existing ${mapping.targetId}`);
  }
  if (report.identities.created.length > 0) {
    lines.push("", "Accounts created from the backup (not here before; restored as they were: same id, role, password and disabled state):");
    for (const identity of report.identities.created) lines.push(`  ${identity.key} (${identity.table} ${identity.id})`);
  }
  lines.push(
    "",
    `${"table".padEnd(18)} ${"rows".padStart(9)} ${"inserted".padStart(9)} ${"present".padStart(9)} ${"matched".padStart(9)} ${"rejected".padStart(9)}`,
  );
  for (const table of report.tables) {
    lines.push(
      `${table.table.padEnd(18)} ${String(table.rows).padStart(9)} ${String(table.inserted).padStart(9)} ${String(table.skipped).padStart(9)} ${String(table.mapped).padStart(9)} ${String(table.rejected).padStart(9)}`,
    );
  }
  const rejected = report.tables.filter((table) => table.rejected > 0);
  if (rejected.length > 0) {
    lines.push("", "Rejected rows (kept out; everything else went in):");
    for (const table of rejected) {
      for (const rejection of table.rejections) {
        lines.push(`  ${table.table}${rejection.line !== undefined ? ` line ${rejection.line}` : ""} (id ${rejection.id}): ${rejection.reason}`);
      }
      if (table.rejected > table.rejections.length) lines.push(`  ${table.table}: ${table.rejected - table.rejections.length} more`);
    }
  }
  if (report.notes.length > 0) {
    lines.push("", "Notes:");
    for (const note of report.notes) lines.push(`  - ${note}`);
  }
  lines.push(
    "",
    "present: the row was already there (same id) and was left as it is (a restore never overwrites newer edits); matched: see above.",
    "",
    describeRestoreOutcome(report),
  );
  return lines.join("\n");
}
