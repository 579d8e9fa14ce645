/**
 * Does the live database match what this code expects? Migrations (all applied, none failed,
 * none unknown, none edited after being applied) and the catalog (every table, column, index,
 * unique and foreign key of the Prisma schema). Objects the schema does not know are warnings.
 * Called at start, by /api/health and by `npm run db:verify`; two catalog queries.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { listMigrationNames, MIGRATIONS_DIR } from "@/lib/database/migrations";
import { describeAction, readLiveCatalog, type LiveCatalog, type LiveIndex } from "./catalog";
import { loadExpectedSchema, type ExpectedIndex, type ExpectedSchema } from "./expected";

export type Finding = { code: string; message: string };
export type SchemaReport = { ok: boolean; errors: Finding[]; warnings: Finding[] };
export type VerifyOptions = { migrationsDir?: string; schemaPath?: string };

const MIGRATIONS_TABLE = "_prisma_migrations";

type MigrationRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

function sha256(content: Buffer | string): string {
  return createHash("sha256").update(content).digest("hex");
}

/** Prisma stores the SHA-256 of migration.sql; like Prisma, accept the file with CRLF endings folded. */
function matchesChecksum(content: Buffer, checksum: string): boolean {
  if (sha256(content) === checksum) return true;
  const text = content.toString("utf8");
  return text.includes("\r\n") && sha256(text.replace(/\r\n/g, "\n")) === checksum;
}

async function checkMigrations(client: pg.ClientBase | pg.Pool, catalog: LiveCatalog, dir: string): Promise<Finding[]> {
  const known = await listMigrationNames(dir);
  if (!catalog.hasMigrationsTable) {
    return [{ code: "migrations_table_missing", message: `table ${MIGRATIONS_TABLE} is missing: no migration was ever applied to this database` }];
  }
  const { rows } = await client.query<MigrationRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM ${MIGRATIONS_TABLE} ORDER BY migration_name, started_at`,
  );
  const live = rows.filter((row) => row.rolled_back_at === null);
  const applied = new Map(live.filter((row) => row.finished_at !== null).map((row) => [row.migration_name, row]));
  const findings: Finding[] = [];

  for (const row of live) {
    if (row.finished_at === null) {
      findings.push({ code: "migration_failed", message: `migration ${row.migration_name} failed (started, never finished)` });
    }
  }
  const knownSet = new Set(known);
  for (const name of applied.keys()) {
    if (!knownSet.has(name)) {
      findings.push({ code: "migration_unknown", message: `migration ${name} is applied but unknown to this code` });
    }
  }
  const contents = await Promise.all(
    known.map((name) => fs.readFile(path.join(dir, name, "migration.sql")).catch(() => undefined)),
  );
  known.forEach((name, position) => {
    const row = applied.get(name);
    if (!row) {
      findings.push({ code: "migration_pending", message: `migration ${name} is not applied` });
      return;
    }
    const content = contents[position];
    if (content === undefined) {
      findings.push({ code: "migration_file_missing", message: `migration ${name} has no migration.sql` });
    } else if (!matchesChecksum(content, row.checksum)) {
      findings.push({ code: "migration_modified", message: `migration ${name} modified after it was applied` });
    }
  });
  return findings;
}

function describeColumns(columns: Array<string | null>, descending: boolean[] = []): string {
  return `(${columns.map((column, position) => `${column ?? "<expression>"}${descending[position] ? " DESC" : ""}`).join(", ")})`;
}

function indexKind(index: { unique: boolean; primary: boolean }): string {
  return index.primary ? "primary key" : index.unique ? "unique index" : "index";
}

function sameIndex(expected: ExpectedIndex, live: LiveIndex): boolean {
  return (
    !live.partial &&
    live.unique === expected.unique &&
    live.columns.length === expected.columns.length &&
    expected.columns.every((column, position) => live.columns[position] === column) &&
    expected.descending.every((descending, position) => ((live.options[position] ?? 0) & 1) === (descending ? 1 : 0))
  );
}

function compareCatalog(expected: ExpectedSchema, catalog: LiveCatalog): { errors: Finding[]; warnings: Finding[] } {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const liveTables = new Set(catalog.tables);

  for (const item of expected.enums) {
    const live = catalog.enums.find((candidate) => candidate.name === item.name);
    if (!live) {
      errors.push({ code: "enum_missing", message: `missing enum type ${item.name}` });
      continue;
    }
    for (const value of item.values) {
      if (!live.values.includes(value)) errors.push({ code: "enum_value_missing", message: `enum ${item.name} lacks value '${value}'` });
    }
    for (const value of live.values) {
      if (!item.values.includes(value)) warnings.push({ code: "extra_enum_value", message: `enum ${item.name} has value '${value}', which the schema does not know` });
    }
  }

  for (const table of expected.tables) {
    if (!liveTables.has(table.name)) {
      errors.push({ code: "table_missing", message: `missing table ${table.name}` });
      continue;
    }
    const liveColumns = new Map(catalog.columns.filter((column) => column.table === table.name).map((column) => [column.name, column]));
    const missingColumns = new Set<string>();
    for (const column of table.columns) {
      const live = liveColumns.get(column.name);
      const qualified = `${table.name}.${column.name}`;
      if (!live) {
        missingColumns.add(column.name);
        errors.push({ code: "column_missing", message: `missing column ${qualified}` });
        continue;
      }
      if (live.type !== column.type) {
        errors.push({ code: "column_type", message: `column ${qualified} is ${live.type}, expected ${column.type}` });
      }
      if (live.nullable !== column.nullable) {
        errors.push({
          code: "column_nullability",
          message: column.nullable ? `column ${qualified} is NOT NULL, expected nullable` : `column ${qualified} is nullable, expected NOT NULL`,
        });
      }
    }
    const expectedNames = new Set(table.columns.map((column) => column.name));
    for (const name of liveColumns.keys()) {
      if (!expectedNames.has(name)) warnings.push({ code: "extra_column", message: `column ${table.name}.${name} is not in the Prisma schema` });
    }
    // A dropped column takes its indexes and keys with it; its own finding says enough.
    const touchesMissing = (columns: string[]) => columns.some((column) => missingColumns.has(column));

    const liveIndexes = catalog.indexes.filter((index) => index.table === table.name);
    const matched = new Set<LiveIndex>();
    for (const index of table.indexes) {
      const live = liveIndexes.find((candidate) => !matched.has(candidate) && sameIndex(index, candidate));
      if (live) {
        matched.add(live);
        if (!live.valid) errors.push({ code: "index_invalid", message: `${indexKind(index)} ${live.name} on ${table.name} is invalid (a failed build); rebuild it` });
        else if (index.primary && !live.primary) errors.push({ code: "primary_key_missing", message: `missing primary key on ${table.name} ${describeColumns(index.columns)} (only a unique index exists)` });
        continue;
      }
      if (touchesMissing(index.columns)) continue;
      errors.push({
        code: index.primary ? "primary_key_missing" : "index_missing",
        message: `missing ${indexKind(index)} on ${table.name} ${describeColumns(index.columns, index.descending)}`,
      });
    }
    for (const live of liveIndexes) {
      if (!matched.has(live)) {
        warnings.push({ code: "extra_index", message: `${indexKind(live)} ${live.name} on ${table.name} ${describeColumns(live.columns, live.options.map((option) => (option & 1) === 1))} is not in the Prisma schema` });
      }
    }

    const liveKeys = catalog.foreignKeys.filter((key) => key.table === table.name);
    const matchedKeys = new Set<(typeof liveKeys)[number]>();
    for (const key of table.foreignKeys) {
      const label = `foreign key ${table.name} ${describeColumns(key.columns)} → ${key.referencedTable} ${describeColumns(key.referencedColumns)}`;
      const live = liveKeys.find(
        (candidate) =>
          !matchedKeys.has(candidate) &&
          candidate.referencedTable === key.referencedTable &&
          candidate.columns.join() === key.columns.join() &&
          candidate.referencedColumns.join() === key.referencedColumns.join(),
      );
      if (!live) {
        if (!touchesMissing(key.columns)) errors.push({ code: "foreign_key_missing", message: `missing ${label}` });
        continue;
      }
      matchedKeys.add(live);
      if (describeAction(live.onDelete) !== key.onDelete) {
        errors.push({ code: "foreign_key_action", message: `${label} is ON DELETE ${describeAction(live.onDelete)}, expected ON DELETE ${key.onDelete}` });
      }
      if (describeAction(live.onUpdate) !== key.onUpdate) {
        errors.push({ code: "foreign_key_action", message: `${label} is ON UPDATE ${describeAction(live.onUpdate)}, expected ON UPDATE ${key.onUpdate}` });
      }
    }
    for (const live of liveKeys) {
      if (!matchedKeys.has(live)) {
        warnings.push({ code: "extra_foreign_key", message: `foreign key ${live.name} on ${table.name} ${describeColumns(live.columns)} is not in the Prisma schema` });
      }
    }
  }

  const known = new Set([...expected.tables.map((table) => table.name), MIGRATIONS_TABLE]);
  for (const name of catalog.tables) {
    if (!known.has(name)) warnings.push({ code: "extra_table", message: `table ${name} is not in the Prisma schema` });
  }
  return { errors, warnings };
}

export async function verifySchema(client: pg.ClientBase | pg.Pool, options: VerifyOptions = {}): Promise<SchemaReport> {
  const expected = loadExpectedSchema(options.schemaPath);
  const catalog = await readLiveCatalog(client);
  const migrationFindings = await checkMigrations(client, catalog, options.migrationsDir ?? MIGRATIONS_DIR);
  const { errors, warnings } = compareCatalog(expected, catalog);
  const allErrors = [...migrationFindings, ...errors];
  return { ok: allErrors.length === 0, errors: allErrors, warnings };
}

const FIXES: Array<{ codes: string[]; fix: string }> = [
  { codes: ["migrations_table_missing", "migration_pending"], fix: "Apply the migrations: run `npm run db:migrate` (npm start does this too)." },
  {
    codes: ["migration_modified", "migration_file_missing"],
    fix: "Never edit an applied migration: restore its file from version control (git checkout -- prisma/migrations) and add a new migration for the change (`npm run db:new-migration -- --name <change>`).",
  },
  {
    codes: ["migration_failed"],
    fix: "A migration stopped halfway: restore from a backup (`npm run db:restore <dir>`), or repair the database by hand and mark the migration with `npx prisma migrate resolve --applied|--rolled-back <name>`.",
  },
  {
    codes: ["migration_unknown"],
    fix: "A newer version of Clearsight migrated this database: run that version, or restore a backup made by this one into an empty database.",
  },
  {
    codes: [
      "table_missing", "column_missing", "column_type", "column_nullability", "index_missing", "index_invalid",
      "primary_key_missing", "foreign_key_missing", "foreign_key_action", "enum_missing", "enum_value_missing",
    ],
    fix: "The database was changed outside the migrations: restore from a backup (`npm run db:restore <dir>` into a freshly migrated database), or recreate the objects exactly as prisma/migrations defines them.",
  },
  {
    codes: ["extra_table", "extra_column", "extra_index", "extra_foreign_key", "extra_enum_value"],
    fix: "Objects the schema does not know are left alone: drop them if nothing uses them, or add them to prisma/schema.prisma with a migration.",
  },
];

/** Findings and what to do about them, for the CLI and the start script. */
export function formatSchemaReport(report: SchemaReport): string {
  const lines: string[] = [];
  if (report.ok && report.warnings.length === 0) return "Database schema matches the code: all migrations applied, no drift.";
  lines.push(
    report.ok
      ? `Database schema matches the code, with ${report.warnings.length} warning(s):`
      : `Database schema drift: ${report.errors.length} error(s), ${report.warnings.length} warning(s):`,
  );
  for (const finding of report.errors) lines.push(`  error:   ${finding.message}`);
  for (const finding of report.warnings) lines.push(`  warning: ${finding.message}`);
  const codes = new Set([...report.errors, ...report.warnings].map((finding) => finding.code));
  // Catalog differences are expected while migrations are pending; applying them comes first.
  const migrationsPending = codes.has("migration_pending") || codes.has("migrations_table_missing");
  const fixes = FIXES.filter(
    (entry) => entry.codes.some((code) => codes.has(code)) && !(migrationsPending && entry.codes.includes("table_missing")),
  );
  if (fixes.length > 0) {
    lines.push("How to fix:");
    for (const entry of fixes) lines.push(`  - ${entry.fix}`);
  }
  return lines.join("\n");
}
