/**
 * Who is who across instances, and what a restore remembers while it runs.
 *
 * A rebuilt server already has accounts (at least the first admin that `npm start` creates from
 * ADMIN_EMAIL) whose ids differ from the backup's. Tables listed in IDENTITY_KEYS are matched
 * by their natural key instead: a backup row whose key already exists under another id is not
 * inserted; it is mapped onto the existing row, and every column whose foreign key points at
 * that table is rewritten to the existing id on the way in. Which columns those are is read
 * from PostgreSQL's catalog, so a table added to the schema needs nothing here.
 *
 * Both bookkeeping tables are temporary and dropped at the end of the restore's transaction.
 */
import type pg from "pg";
import { quoteIdent } from "./tables";

/** Tables whose rows are the same thing across instances when this column matches (case-insensitively). */
export const IDENTITY_KEYS: Readonly<Record<string, string>> = { users: "email" };

export const IDENTITY_MAP = "clearsight_restore_identity";
export const REJECTED_ROWS = "clearsight_restore_rejected";

export type IdentityMapping = { table: string; backupId: string; targetId: string; key: string };

/** A single-column foreign key, as the catalog has it. */
export type Reference = { name: string; table: string; column: string; parent: string; parentColumn: string };

export async function prepareRestoreBookkeeping(client: pg.ClientBase): Promise<void> {
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS ${IDENTITY_MAP} (table_name text, backup_id text, target_id text, key text, PRIMARY KEY (table_name, backup_id)) ON COMMIT DROP`,
  );
  // Every rejected row by table and primary key (as text), so a child refused for lack of its
  // parent can be told apart from a row refused for a reason of its own.
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS ${REJECTED_ROWS} (table_name text, id text, PRIMARY KEY (table_name, id)) ON COMMIT DROP`);
}

export async function readReferences(client: pg.ClientBase): Promise<Reference[]> {
  const { rows } = await client.query<Reference>(
    `SELECT c.conname AS name, t.relname AS table, a.attname AS column, p.relname AS parent, pa.attname AS "parentColumn"
     FROM pg_constraint c
     JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     JOIN pg_class p ON p.oid = c.confrelid
     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
     WHERE c.contype = 'f' AND n.nspname = 'public' AND cardinality(c.conkey) = 1
     ORDER BY t.relname, c.conname`,
  );
  return rows;
}

/** `expression` (a column read from the backup row) rewritten through the identity map of `parent`. */
export function remapExpression(expression: string, parent: string, type: string): string {
  return (
    `COALESCE((SELECT m.target_id FROM ${IDENTITY_MAP} m WHERE m.table_name = '${parent}' AND m.backup_id = (${expression})::text)::${type}, ` +
    `${expression})`
  );
}

/** SQL condition: the backup row `r` of `table` was mapped onto an existing row, so it is not inserted. */
export function notMappedCondition(table: string, primaryKey: string): string {
  return `NOT EXISTS (SELECT 1 FROM ${IDENTITY_MAP} m WHERE m.table_name = '${table}' AND m.backup_id = r.${quoteIdent(primaryKey)}::text)`;
}

/**
 * Maps the backup rows read by `source` (a FROM list yielding `r`) whose natural key exists in
 * the table under another id, unless their own id exists too (then they are the same row, its
 * key changed since). Returns how many new mappings were made.
 */
export async function mapIdentities(client: pg.ClientBase, table: string, primaryKey: string, source: string, where = ""): Promise<number> {
  const key = IDENTITY_KEYS[table]!;
  const pk = quoteIdent(primaryKey);
  const sql =
    `INSERT INTO ${IDENTITY_MAP} (table_name, backup_id, target_id, key) ` +
    `SELECT '${table}', r.${pk}::text, t.${pk}::text, t.${quoteIdent(key)}::text FROM ${source} ` +
    `JOIN ${quoteIdent(table)} t ON lower(t.${quoteIdent(key)}::text) = lower(r.${quoteIdent(key)}::text) AND t.${pk} <> r.${pk} ` +
    `WHERE NOT EXISTS (SELECT 1 FROM ${quoteIdent(table)} same WHERE same.${pk} = r.${pk})${where ? ` AND ${where}` : ""} ` +
    "ON CONFLICT DO NOTHING";
  return (await client.query(sql)).rowCount ?? 0;
}

export async function listIdentityMappings(client: pg.ClientBase): Promise<IdentityMapping[]> {
  const { rows } = await client.query<IdentityMapping>(
    `SELECT table_name AS table, backup_id AS "backupId", target_id AS "targetId", key FROM ${IDENTITY_MAP} ORDER BY table_name, key`,
  );
  return rows;
}

export async function hasIdentityMappings(client: pg.ClientBase, table: string): Promise<boolean> {
  return ((await client.query(`SELECT 1 FROM ${IDENTITY_MAP} WHERE table_name = $1 LIMIT 1`, [table])).rowCount ?? 0) > 0;
}

/** Records a rejected row; returns the rejected parent it depended on, if that is why it was refused. */
export async function noteRejectedRow(
  client: pg.ClientBase,
  table: string,
  id: string,
  error: { code?: string; detail?: string },
): Promise<{ table: string; id: string } | undefined> {
  await client.query(`INSERT INTO ${REJECTED_ROWS} (table_name, id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [table, id]);
  if (error.code !== "23503") return undefined;
  const missing = /Key \(([^,()]+)\)=\((.*)\) is not present in table "([^"]+)"/.exec(error.detail ?? "");
  if (!missing) return undefined;
  const parent = { table: missing[3]!, id: missing[2]! };
  const { rowCount } = await client.query(`SELECT 1 FROM ${REJECTED_ROWS} WHERE table_name = $1 AND id = $2`, [parent.table, parent.id]);
  return rowCount ? parent : undefined;
}
