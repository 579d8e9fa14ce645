/**
 * Which tables a backup holds (every table of the Prisma schema, parents first) and how a row
 * becomes one line of JSON and back. The JSON is PostgreSQL's own `to_json`, so every type
 * round-trips through its text form: timestamps keep their milliseconds, bytea is hex, arrays
 * and enums are plain JSON. One exception needs an encoding: a nullable json(b) column can hold
 * SQL NULL or JSON null, which `to_json` writes alike, so such values are wrapped in a
 * one-element array (`[value]`) and unwrapped on restore.
 */
import type pg from "pg";
import { loadExpectedSchema } from "@/lib/schema-check/expected";

export type TableColumn = { name: string; type: string; nullable: boolean; encoding?: "json-wrapped" };

export type BackupTableSpec = { name: string; primaryKey: string[] };

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function listBackupTables(): BackupTableSpec[] {
  return loadExpectedSchema().tables.map((table) => ({ name: table.name, primaryKey: table.primaryKey }));
}

function isJsonType(type: string): boolean {
  return type === "json" || type === "jsonb";
}

/** Live columns of the given public tables, in table order. */
export async function readTableColumns(client: pg.ClientBase, tables: string[]): Promise<Map<string, TableColumn[]>> {
  const { rows } = await client.query<{ table: string; name: string; type: string; nullable: boolean }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY c.relname, a.attnum`,
    [tables],
  );
  const columns = new Map<string, TableColumn[]>(tables.map((table) => [table, []]));
  for (const row of rows) {
    columns.get(row.table)!.push({
      name: row.name,
      type: row.type,
      nullable: row.nullable,
      ...(row.nullable && isJsonType(row.type) ? { encoding: "json-wrapped" as const } : {}),
    });
  }
  return columns;
}

/** SELECT yielding one JSON text per row, as written to and compared with backup files. */
export function selectRowsAsJson(table: string, columns: TableColumn[], where = ""): string {
  const list = columns
    .map((column) =>
      column.encoding === "json-wrapped"
        ? `CASE WHEN t.${quoteIdent(column.name)} IS NULL THEN NULL ELSE json_build_array(t.${quoteIdent(column.name)}) END AS ${quoteIdent(column.name)}`
        : `t.${quoteIdent(column.name)}`,
    )
    .join(", ");
  return `SELECT to_json(r) FROM (SELECT ${list} FROM ${quoteIdent(table)} t ${where}) r`;
}

/** Expression reading one column back from `json_populate_recordset(NULL::table, ...) AS r`. */
export function readColumnExpression(column: TableColumn): string {
  const ref = `r.${quoteIdent(column.name)}`;
  if (column.encoding === "json-wrapped") return `(${ref}) -> 0`;
  // A NOT NULL json column can still hold JSON null, which to_json wrote as null.
  if (!column.nullable && isJsonType(column.type)) return `COALESCE(${ref}, 'null'::${column.type})`;
  return ref;
}

/** Session settings under which a row's JSON text is the same on every server and client. */
export const JSON_SESSION_SETTINGS = "SET TimeZone = 'UTC'; SET bytea_output = 'hex'; SET extra_float_digits = 3";
