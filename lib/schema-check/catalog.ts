/**
 * The live catalog of the `public` schema in one query: tables, columns, indexes, foreign keys
 * and enums. Other schemas (a job queue's, extensions') are not read.
 */
import type pg from "pg";

export type LiveColumn = { table: string; name: string; type: string; nullable: boolean };
export type LiveIndex = {
  table: string;
  name: string;
  unique: boolean;
  primary: boolean;
  valid: boolean;
  partial: boolean;
  /** null for an expression. */
  columns: Array<string | null>;
  options: number[];
};
export type LiveForeignKey = {
  table: string;
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
};
export type LiveEnum = { name: string; values: string[] };

export type LiveCatalog = {
  tables: string[];
  columns: LiveColumn[];
  indexes: LiveIndex[];
  foreignKeys: LiveForeignKey[];
  enums: LiveEnum[];
  hasMigrationsTable: boolean;
};

const CATALOG_QUERY = `
WITH tables AS (
  SELECT c.oid, c.relname
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
)
SELECT
  (SELECT coalesce(json_agg(relname ORDER BY relname), '[]') FROM tables) AS tables,
  (SELECT coalesce(json_agg(json_build_object(
      'table', t.relname, 'name', a.attname, 'nullable', NOT a.attnotnull,
      'type', CASE WHEN ty.typtype = 'e' THEN ty.typname
                   WHEN el.typtype = 'e' THEN el.typname || '[]'
                   ELSE format_type(a.atttypid, a.atttypmod) END)
    ORDER BY t.relname, a.attnum), '[]')
   FROM tables t
   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
   JOIN pg_type ty ON ty.oid = a.atttypid
   LEFT JOIN pg_type el ON el.oid = ty.typelem AND ty.typcategory = 'A') AS columns,
  (SELECT coalesce(json_agg(json_build_object(
      'table', t.relname, 'name', ic.relname, 'unique', i.indisunique, 'primary', i.indisprimary,
      'valid', i.indisvalid, 'partial', i.indpred IS NOT NULL, 'options', i.indoption::int2[],
      'columns', (SELECT json_agg(a.attname ORDER BY k.ord)
                  FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                  LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum))), '[]')
   FROM tables t
   JOIN pg_index i ON i.indrelid = t.oid
   JOIN pg_class ic ON ic.oid = i.indexrelid) AS indexes,
  (SELECT coalesce(json_agg(json_build_object(
      'table', t.relname, 'name', con.conname, 'referencedTable', rc.relname,
      'onDelete', con.confdeltype, 'onUpdate', con.confupdtype,
      'columns', (SELECT json_agg(a.attname ORDER BY k.ord)
                  FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
      'referencedColumns', (SELECT json_agg(a.attname ORDER BY k.ord)
                  FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum))), '[]')
   FROM tables t
   JOIN pg_constraint con ON con.conrelid = t.oid AND con.contype = 'f'
   JOIN pg_class rc ON rc.oid = con.confrelid) AS foreign_keys,
  (SELECT coalesce(json_agg(json_build_object(
      'name', ty.typname,
      'values', (SELECT coalesce(json_agg(e.enumlabel ORDER BY e.enumsortorder), '[]') FROM pg_enum e WHERE e.enumtypid = ty.oid))), '[]')
   FROM pg_type ty JOIN pg_namespace n ON n.oid = ty.typnamespace
   WHERE n.nspname = 'public' AND ty.typtype = 'e') AS enums,
  to_regclass('public._prisma_migrations') IS NOT NULL AS has_migrations_table
`;

type CatalogRow = {
  tables: string[];
  columns: LiveColumn[];
  indexes: LiveIndex[];
  foreign_keys: LiveForeignKey[];
  enums: LiveEnum[];
  has_migrations_table: boolean;
};

export async function readLiveCatalog(client: pg.ClientBase | pg.Pool): Promise<LiveCatalog> {
  const { rows } = await client.query<CatalogRow>(CATALOG_QUERY);
  const row = rows[0]!;
  return {
    tables: row.tables,
    columns: row.columns,
    indexes: row.indexes,
    foreignKeys: row.foreign_keys,
    enums: row.enums,
    hasMigrationsTable: row.has_migrations_table,
  };
}

const ACTION_CODES: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

export function describeAction(code: string): string {
  return ACTION_CODES[code] ?? code;
}
