/**
 * What pg_restore does for speed, done inside the restore's transaction: a big table is loaded
 * with its non-unique indexes and foreign keys dropped, and they are rebuilt from their own
 * definitions afterwards. Building an index once is much cheaper than updating it row by row,
 * and one set-based check of a foreign key is much cheaper than a trigger query per row.
 * DDL is transactional in PostgreSQL, so a failure or a killed process restores all of it.
 *
 * The primary key is dropped only when the table is empty: then there is nothing a backup row
 * could conflict with, so ON CONFLICT is not needed. Unique indexes other than the primary key
 * stay: rows that break them are rejected one by one, with PostgreSQL's own reason.
 */
import type pg from "pg";
import { quoteIdent } from "./tables";

export type ForeignKey = {
  name: string;
  columns: string[];
  parent: string;
  parentColumns: string[];
};

export type DeferredConstraints = {
  primaryKeyDropped: boolean;
  /**
   * Rebuilds everything that was dropped; throws DuplicateKeyError if the primary key cannot be.
   * When rows break one of the table's foreign keys, `removeOrphans` must delete them first.
   */
  rebuild: (removeOrphans: (foreignKey: ForeignKey) => Promise<void>) => Promise<void>;
};

/** The backup holds the same primary key twice, which only a table with its key in place can sort out. */
export class DuplicateKeyError extends Error {
  override name = "DuplicateKeyError";
}

type Constraint = { table: string; name: string; definition: string };

/**
 * Room to sort in when rebuilding: with PostgreSQL's default (64 MB) an index over a million
 * rows is sorted on disk. Only this transaction's setting changes.
 */
const REBUILD_MAINTENANCE_WORK_MEM = "256MB";

async function listConstraints(client: pg.ClientBase, table: string) {
  const { rows: foreignKeys } = await client.query<ForeignKey & { definition: string }>(
    `SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS definition, p.relname AS parent,
            ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, position)
                  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.position)::text[] AS columns,
            ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(attnum, position)
                  JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.position)::text[] AS "parentColumns"
     FROM pg_constraint c JOIN pg_class p ON p.oid = c.confrelid
     WHERE c.conrelid = to_regclass($1) AND c.contype = 'f'
     ORDER BY c.conname`,
    [quoteIdent(table)],
  );
  const { rows: primaryKeys } = await client.query<Constraint & { indexId: number }>(
    `SELECT $1::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition, c.conindid AS "indexId"
     FROM pg_constraint c WHERE c.conrelid = to_regclass($2) AND c.contype = 'p'`,
    [table, quoteIdent(table)],
  );
  // Foreign keys of other tables that point at this table through its primary key's index.
  const { rows: referencing } = await client.query<Constraint>(
    `SELECT r.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
     WHERE c.contype = 'f' AND c.confrelid = to_regclass($1) AND c.conrelid <> c.confrelid AND c.conindid = $2
     ORDER BY r.relname, c.conname`,
    [quoteIdent(table), primaryKeys[0]?.indexId ?? 0],
  );
  // Plain indexes only: unique ones and those backing a constraint stay (see above).
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT quote_ident(ic.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
     WHERE i.indrelid = to_regclass($1) AND NOT i.indisunique AND NOT i.indisprimary
       AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid)
     ORDER BY ic.relname`,
    [quoteIdent(table)],
  );
  return { foreignKeys, primaryKey: primaryKeys[0], referencing, indexes };
}

/**
 * Locks the table (ACCESS EXCLUSIVE, until the restore ends: nobody else may write to it while
 * its checks are off) and drops what slows a bulk load down.
 */
export async function deferConstraints(client: pg.ClientBase, table: string, options: { dropPrimaryKey: boolean }): Promise<DeferredConstraints> {
  const quoted = quoteIdent(table);
  await client.query(`LOCK TABLE ${quoted} IN ACCESS EXCLUSIVE MODE`);
  const { foreignKeys, primaryKey, referencing, indexes } = await listConstraints(client, table);
  const droppedKey =
    options.dropPrimaryKey && primaryKey && (await client.query(`SELECT 1 FROM ${quoted} LIMIT 1`)).rowCount === 0 ? primaryKey : undefined;
  // Other tables' foreign keys hang on the primary key's index: they go and come back with it.
  const droppedReferences = droppedKey ? referencing : [];

  const dropConstraint = (owner: string, name: string) => client.query(`ALTER TABLE ${quoteIdent(owner)} DROP CONSTRAINT ${quoteIdent(name)}`);
  for (const constraint of droppedReferences) await dropConstraint(constraint.table, constraint.name);
  for (const foreignKey of foreignKeys) await dropConstraint(table, foreignKey.name);
  if (droppedKey) await dropConstraint(table, droppedKey.name);
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);

  const addConstraint = (constraint: Constraint) =>
    client.query(`ALTER TABLE ${quoteIdent(constraint.table)} ADD CONSTRAINT ${quoteIdent(constraint.name)} ${constraint.definition}`);
  return {
    primaryKeyDropped: droppedKey !== undefined,
    rebuild: async (removeOrphans) => {
      await client.query(`SET LOCAL maintenance_work_mem = '${REBUILD_MAINTENANCE_WORK_MEM}'`);
      if (droppedKey) {
        try {
          await addConstraint(droppedKey);
        } catch (error) {
          if ((error as { code?: unknown }).code === "23505") throw new DuplicateKeyError(`${table}: the backup holds a primary key twice`);
          throw error;
        }
      }
      for (const index of indexes) await client.query(index.definition);
      // Adding a foreign key checks every row in one query. Rows are rarely refused, so the
      // search for them (another pass over the table) only runs when that check fails.
      for (const { definition, ...foreignKey } of foreignKeys) {
        const constraint = { table, name: foreignKey.name, definition };
        await client.query("SAVEPOINT restore_foreign_key");
        try {
          await addConstraint(constraint);
        } catch (error) {
          if ((error as { code?: unknown }).code !== "23503") throw error;
          await client.query("ROLLBACK TO SAVEPOINT restore_foreign_key");
          await removeOrphans(foreignKey);
          await addConstraint(constraint);
        }
        await client.query("RELEASE SAVEPOINT restore_foreign_key");
      }
      for (const constraint of droppedReferences) await addConstraint(constraint);
    },
  };
}
