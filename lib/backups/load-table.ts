/**
 * The restore engine for Clearsight backups: one table's JSON Lines file into the live table,
 * inside the caller's transaction.
 *
 * The file is streamed with binary COPY, a chunk at a time, into a temporary staging table of
 * raw lines; one INSERT ... SELECT per chunk then turns the lines into rows on the server
 * (json_populate_record). Node never parses or re-serialises a row, memory stays flat, and a
 * chunk fits in the session's temp buffers, so staging costs little more than the copy itself.
 *
 * The promises of insert-rows.ts hold: a row whose primary key already exists is left alone and
 * counted as skipped; a chunk that breaks a constraint is redone in small batches, then row by
 * row, under savepoints, so each bad row is rejected with PostgreSQL's reason while the others
 * go in. Big tables are loaded with their indexes and foreign keys deferred
 * (defer-constraints.ts). Re-adding a foreign key checks every row in one query; only when that
 * fails are the rows whose parent is missing looked for, removed, and rejected with the reason
 * PostgreSQL's per-row check gives.
 */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { deferConstraints, DuplicateKeyError, type ForeignKey } from "./defer-constraints";
import { mapIdentities, notMappedCondition, prepareRestoreBookkeeping, REJECTED_ROWS, remapExpression } from "./identity";
import { addRejection, emptyResult, isRowError, rejectRow, rowId, type TablePlan, type TableResult } from "./insert-rows";
import type { ProgressCounter } from "./progress";
import { quoteIdent, readColumnExpression } from "./tables";

export type ChunkLimits = { rows: number; bytes: number };

/** About 64 MB of JSON per statement: big enough to amortise it, small enough for temp buffers. */
export const DEFAULT_CHUNK: ChunkLimits = { rows: 100_000, bytes: 64 * 1024 * 1024 };

/** Session setting for restores: room for a whole chunk in memory (PostgreSQL's default is 8 MB). */
export const STAGING_TEMP_BUFFERS = "SET temp_buffers = '128MB'";

/** When a chunk fails, it is redone in batches of this many rows, then row by row. */
const FALLBACK_BATCH_ROWS = 1_000;
const MAX_LISTED_REJECTIONS = 50;

const STAGE = "clearsight_restore_stage";

export type LoadTableOptions = {
  file: string;
  expectedRows: number;
  /** Drop indexes and foreign keys while loading and rebuild them after (for big tables). */
  deferConstraints: boolean;
  progress: ProgressCounter;
  chunk?: ChunkLimits;
};

/** COPY's binary format: a signature, flags and header extension length (both zero), then tuples. */
const BINARY_HEADER = Buffer.concat([Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"), Buffer.alloc(8)]);
const BINARY_TRAILER = Buffer.from([0xff, 0xff]);

/** Lines as COPY BINARY tuples of one field: a field count (1) and the line's length, then its bytes. */
function encodeTuples(lines: Buffer[]): Buffer {
  const out = Buffer.allocUnsafe(lines.reduce((size, line) => size + 6 + line.length, 0));
  let offset = 0;
  for (const line of lines) {
    offset = out.writeInt16BE(1, offset);
    offset = out.writeInt32BE(line.length, offset);
    offset += line.copy(out, offset);
  }
  return out;
}

/**
 * A data file as chunks of COPY BINARY data, one tuple per non-empty line (blank lines are
 * dropped). The binary format needs no parsing of the text in PostgreSQL, which makes staging
 * about twice as fast as CSV, and the lines arrive byte for byte: nothing to escape in Node.
 */
export class LineChunks {
  private readonly source: AsyncIterator<Buffer>;
  /** The unread part of the last buffer read, when a chunk ended inside it. */
  private rest: Buffer | undefined;
  /** The start of a line that continues in the next buffer. */
  private partial: Buffer[] = [];
  ended = false;

  constructor(file: string) {
    this.source = (createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  /** The next chunk as a complete COPY BINARY stream; `onLines` hears how many rows each piece holds. */
  async *next(limits: ChunkLimits, onLines: (lines: number) => void): AsyncGenerator<Buffer> {
    yield BINARY_HEADER;
    let lines = 0;
    let bytes = 0;
    for (let full = false; !full; ) {
      let data = this.rest;
      this.rest = undefined;
      if (!data) {
        const item = await this.source.next();
        if (item.done) {
          this.ended = true;
          // Validation refuses a file whose last line has no newline; restore that line anyway.
          const last = Buffer.concat(this.partial);
          this.partial = [];
          if (last.length > 0) {
            onLines(1);
            yield encodeTuples([last]);
          }
          break;
        }
        data = item.value;
      }
      const found: Buffer[] = [];
      let start = 0;
      for (let end = data.indexOf(10); end !== -1; end = data.indexOf(10, start)) {
        const line = this.partial.length > 0 ? Buffer.concat([...this.partial, data.subarray(start, end)]) : data.subarray(start, end);
        this.partial = [];
        if (line.length > 0) found.push(line);
        bytes += line.length + 1;
        start = end + 1;
        if (found.length + lines >= limits.rows || bytes >= limits.bytes) {
          full = true;
          if (start < data.length) this.rest = data.subarray(start);
          break;
        }
      }
      if (!full && start < data.length) this.partial.push(data.subarray(start));
      lines += found.length;
      onLines(found.length);
      if (found.length > 0) yield encodeTuples(found);
    }
    yield BINARY_TRAILER;
  }

  async close(): Promise<void> {
    await this.source.return?.();
  }
}

function stageSource(plan: TablePlan): string {
  return `${STAGE} s, json_populate_record(NULL::${quoteIdent(plan.table)}, s.line::json) AS r`;
}

function insertFromStage(plan: TablePlan, options: { onConflict: boolean; where?: string }): string {
  const table = quoteIdent(plan.table);
  const remapped = new Map((plan.remap ?? []).map((entry) => [entry.column, entry.parent]));
  const expressions = plan.columns.map((column) => {
    const parent = remapped.get(column.name);
    return parent ? remapExpression(readColumnExpression(column), parent, column.type) : readColumnExpression(column);
  });
  const conditions = [options.where, plan.identity ? notMappedCondition(plan.table, plan.primaryKey[0]!) : undefined].filter(Boolean);
  return (
    `INSERT INTO ${table} (${plan.columns.map((column) => quoteIdent(column.name)).join(", ")}) ` +
    `SELECT ${expressions.join(", ")} ` +
    `FROM ${stageSource(plan)}${conditions.length > 0 ? ` WHERE ${conditions.join(" AND ")}` : ""}` +
    (options.onConflict ? ` ON CONFLICT (${plan.primaryKey.map(quoteIdent).join(", ")}) DO NOTHING` : "")
  );
}

/**
 * Maps the staged chunk's rows onto existing rows with the same natural key (identity.ts);
 * returns how many. A line that is not valid JSON fails the whole statement: then the lines
 * are mapped one at a time, and the unreadable one is left for the insert to reject.
 */
async function mapChunkIdentities(client: pg.ClientBase, plan: TablePlan): Promise<number> {
  const key = plan.primaryKey[0]!;
  await client.query("SAVEPOINT restore_identity");
  try {
    const mapped = await mapIdentities(client, plan.table, key, stageSource(plan));
    await client.query("RELEASE SAVEPOINT restore_identity");
    return mapped;
  } catch (error) {
    if (!isRowError(error)) throw error;
    await client.query("ROLLBACK TO SAVEPOINT restore_identity");
  }
  let mapped = 0;
  const { rows } = await client.query<{ n: string }>(`SELECT n FROM ${STAGE} ORDER BY n`);
  for (const { n } of rows) {
    await client.query("SAVEPOINT restore_identity");
    try {
      mapped += await mapIdentities(client, plan.table, key, stageSource(plan), `s.n = ${Number(n)}`);
      await client.query("RELEASE SAVEPOINT restore_identity");
    } catch (error) {
      if (!isRowError(error)) throw error;
      await client.query("ROLLBACK TO SAVEPOINT restore_identity");
    }
  }
  return mapped;
}

/**
 * The staged chunk again, in batches under savepoints, and a failing batch row by row, as
 * insert-rows.ts does; returns how many rows went in. Only reached when a chunk breaks a
 * constraint, so the index it needs is built then.
 */
async function insertChunkRowByRow(client: pg.ClientBase, plan: TablePlan, onConflict: boolean, result: TableResult): Promise<number> {
  await client.query(`CREATE INDEX IF NOT EXISTS ${STAGE}_n ON ${STAGE} (n)`);
  const range = (await client.query<{ first: string | null; last: string | null }>(`SELECT min(n) AS first, max(n) AS last FROM ${STAGE}`)).rows[0]!;
  const batchSql = insertFromStage(plan, { onConflict, where: "s.n BETWEEN $1 AND $2" });
  const rowSql = insertFromStage(plan, { onConflict, where: "s.n = $1" });
  let inserted = 0;
  for (let start = Number(range.first); range.first !== null && start <= Number(range.last); start += FALLBACK_BATCH_ROWS) {
    const end = Math.min(start + FALLBACK_BATCH_ROWS - 1, Number(range.last));
    await client.query("SAVEPOINT restore_batch");
    try {
      inserted += (await client.query(batchSql, [start, end])).rowCount ?? 0;
      await client.query("RELEASE SAVEPOINT restore_batch");
      continue;
    } catch (error) {
      if (!isRowError(error)) throw error;
      await client.query("ROLLBACK TO SAVEPOINT restore_batch");
    }
    for (let n = start; n <= end; n += 1) {
      await client.query("SAVEPOINT restore_row");
      try {
        inserted += (await client.query(rowSql, [n])).rowCount ?? 0;
        await client.query("RELEASE SAVEPOINT restore_row");
      } catch (error) {
        if (!isRowError(error)) throw error;
        await client.query("ROLLBACK TO SAVEPOINT restore_row");
        const line = (await client.query<{ line: string }>(`SELECT line FROM ${STAGE} WHERE n = $1`, [n])).rows[0]?.line ?? "";
        await rejectRow(client, result, { id: rowId(line, plan.primaryKey), line: n }, error);
      }
    }
  }
  return inserted;
}

/**
 * Removes the rows a dropped foreign key would have refused and rejects them with PostgreSQL's
 * wording; returns how many. Rows that were there before the restore passed this check already
 * (the key was valid and the table is locked), so only restored rows go.
 */
async function rejectOrphans(client: pg.ClientBase, plan: TablePlan, foreignKey: ForeignKey, result: TableResult): Promise<number> {
  const table = quoteIdent(plan.table);
  const asText = (columns: string[], separator: string) => `concat_ws('${separator}', ${columns.map((column) => `t.${quoteIdent(column)}::text`).join(", ")})`;
  // MATCH SIMPLE, PostgreSQL's default: a key with a NULL column references nothing and passes.
  const present = foreignKey.columns.map((column) => `t.${quoteIdent(column)} IS NOT NULL`).join(" AND ");
  const matches = foreignKey.columns.map((column, position) => `p.${quoteIdent(foreignKey.parentColumns[position]!)} = t.${quoteIdent(column)}`).join(" AND ");
  // A child whose missing parent is itself a rejected row of this restore was refused because of it.
  const parentRejected =
    foreignKey.columns.length === 1
      ? `EXISTS (SELECT 1 FROM ${REJECTED_ROWS} x WHERE x.table_name = '${foreignKey.parent}' AND x.id = g.key)`
      : "false";
  const sql = `WITH gone AS (
      DELETE FROM ${table} t WHERE ${present} AND NOT EXISTS (SELECT 1 FROM ${quoteIdent(foreignKey.parent)} p WHERE ${matches})
      RETURNING ${asText(plan.primaryKey, ",")} AS id, ${asText(foreignKey.columns, ", ")} AS key
    ), noted AS (
      INSERT INTO ${REJECTED_ROWS} (table_name, id) SELECT '${plan.table}', id FROM gone ON CONFLICT DO NOTHING
    ), classified AS (
      SELECT g.id, g.key, ${parentRejected} AS cascaded FROM gone g
    )
    SELECT id, key, cascaded, count(*) OVER () AS total, count(*) FILTER (WHERE cascaded) OVER () AS cascaded_total
    FROM classified ORDER BY cascaded, id LIMIT ${MAX_LISTED_REJECTIONS}`;
  let removed = 0;
  // A key to the table itself orphans more rows with each removal: repeat until none is left.
  for (;;) {
    const { rows } = await client.query<{ id: string; key: string; cascaded: boolean; total: string; cascaded_total: string }>(sql);
    const total = Number(rows[0]?.total ?? 0);
    const reasonFor = (key: string) =>
      `insert or update on table "${plan.table}" violates foreign key constraint "${foreignKey.name}" ` +
      `(Key (${foreignKey.columns.join(", ")})=(${key}) is not present in table "${foreignKey.parent}".)`;
    for (const row of rows) {
      addRejection(result, {
        id: row.id,
        reason: row.cascaded ? `needs ${foreignKey.parent} ${row.key}, which was rejected (${reasonFor(row.key)})` : reasonFor(row.key),
        ...(row.cascaded ? { dependsOn: { table: foreignKey.parent, id: row.key } } : {}),
      });
    }
    const listedCascaded = rows.filter((row) => row.cascaded).length;
    const unlistedCascaded = Number(rows[0]?.cascaded_total ?? 0) - listedCascaded;
    if (unlistedCascaded > 0) result.cascaded[foreignKey.parent] = (result.cascaded[foreignKey.parent] ?? 0) + unlistedCascaded;
    result.rejected += total - rows.length;
    removed += total;
    if (total === 0 || foreignKey.parent !== plan.table) return removed;
  }
}

async function loadOnce(client: pg.ClientBase, plan: TablePlan, options: LoadTableOptions, dropPrimaryKey: boolean): Promise<TableResult> {
  const result = emptyResult(plan.table);
  const deferred = options.deferConstraints ? await deferConstraints(client, plan.table, { dropPrimaryKey }) : undefined;
  // Without the primary key the table was empty: nothing to conflict with (duplicates within the
  // backup make rebuilding the key fail, and the caller loads the table again with the key kept).
  const onConflict = !deferred?.primaryKeyDropped;
  const insertSql = insertFromStage(plan, { onConflict });
  const { progress } = options;
  const report = () =>
    progress.onProgress?.({
      phase: "restore",
      table: plan.table,
      rows: result.rows,
      tableRows: options.expectedRows,
      doneRows: progress.doneRows(),
      totalRows: progress.totalRows,
    });

  await client.query(`CREATE TEMP TABLE ${STAGE} (n bigint GENERATED ALWAYS AS IDENTITY, line text)`);
  const chunks = new LineChunks(options.file);
  try {
    while (!chunks.ended) {
      // The stage was created in this (sub)transaction, so TRUNCATE empties it in place.
      await client.query(`TRUNCATE ${STAGE}`);
      let chunkRows = 0;
      const lines = chunks.next(options.chunk ?? DEFAULT_CHUNK, (count) => {
        chunkRows += count;
        result.rows += count;
        progress.addDone(count);
        if (count > 0) report();
      });
      await pipeline(Readable.from(lines), client.query(copyFrom(`COPY ${STAGE} (line) FROM STDIN WITH (FORMAT binary)`)));
      if (chunkRows === 0) continue;

      const mapped = plan.identity ? await mapChunkIdentities(client, plan) : 0;
      result.mapped += mapped;
      let inserted: number;
      const rejectedBefore = result.rejected;
      await client.query("SAVEPOINT restore_chunk");
      try {
        inserted = (await client.query(insertSql)).rowCount ?? 0;
      } catch (error) {
        if (!isRowError(error)) throw error;
        await client.query("ROLLBACK TO SAVEPOINT restore_chunk");
        inserted = await insertChunkRowByRow(client, plan, onConflict, result);
      }
      await client.query("RELEASE SAVEPOINT restore_chunk");
      result.inserted += inserted;
      result.skipped += chunkRows - inserted - mapped - (result.rejected - rejectedBefore);
    }
  } finally {
    await chunks.close();
  }
  await client.query(`DROP TABLE ${STAGE}`);
  if (result.rows === 0) report();

  if (deferred) {
    await deferred.rebuild(async (foreignKey) => {
      result.inserted -= await rejectOrphans(client, plan, foreignKey, result);
    });
  }
  return result;
}

export async function loadTable(client: pg.ClientBase, plan: TablePlan, options: LoadTableOptions): Promise<TableResult> {
  await prepareRestoreBookkeeping(client);
  if (!options.deferConstraints) return loadOnce(client, plan, options, false);
  const doneBefore = options.progress.doneRows();
  await client.query("SAVEPOINT restore_table");
  let result: TableResult;
  try {
    result = await loadOnce(client, plan, options, true);
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    // The backup holds an id twice: load the table again with its primary key in place, so
    // ON CONFLICT keeps the first and skips the rest, as it does for ids already present.
    await client.query("ROLLBACK TO SAVEPOINT restore_table");
    options.progress.addDone(doneBefore - options.progress.doneRows());
    result = await loadOnce(client, plan, options, false);
  }
  await client.query("RELEASE SAVEPOINT restore_table");
  return result;
}
