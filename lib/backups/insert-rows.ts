/**
 * Restoring rows held in memory, as legacy backups are (legacy.ts): JSON rows into one table,
 * inside the caller's transaction, in batches of thousands (`json_populate_recordset` turns a
 * batch into rows server-side). A row whose primary key already exists is left alone and
 * counted as skipped: restoring never overwrites newer edits. A batch that breaks a constraint
 * is retried row by row under savepoints, so one bad row is rejected with its reason while the
 * others go in. Clearsight backups stream from their files through load-table.ts, which keeps
 * the same promises and shares the helpers below.
 */
import type pg from "pg";
import { noteRejectedRow } from "./identity";
import type { ProgressListener } from "./progress";
import { quoteIdent, readColumnExpression, type TableColumn } from "./tables";

export type TablePlan = {
  table: string;
  primaryKey: string[];
  /** Columns present in both the source and the live table, with the source's encoding. */
  columns: TableColumn[];
  /** Columns whose foreign key points at a table of identity.ts's IDENTITY_KEYS with rows mapped: read through the map. */
  remap?: Array<{ column: string; parent: string }>;
  /** Set for a table of IDENTITY_KEYS: rows whose key exists under another id are mapped, not inserted. */
  identity?: boolean;
};

export type Rejection = {
  id: string;
  reason: string;
  /** Line of the table's data file, when known (blank lines not counted). */
  line?: number;
  /** The rejected row this one needed: it was refused only because that one was. */
  dependsOn?: { table: string; id: string };
};

export type TableResult = {
  table: string;
  rows: number;
  inserted: number;
  skipped: number;
  rejected: number;
  /** Rows of the backup matched to an existing row by natural key (identity.ts): not inserted, references moved. */
  mapped: number;
  /** Of `rejected`, rows refused only because a row they depend on was rejected, by that row's table. */
  cascaded: Record<string, number>;
  /** The first few rejections, with reasons; `rejected` counts them all. */
  rejections: Rejection[];
};

export type BatchLimits = { rows: number; bytes: number };

export const DEFAULT_BATCH: BatchLimits = { rows: 5_000, bytes: 8 * 1024 * 1024 };
const MAX_LISTED_REJECTIONS = 50;

/** Data exceptions (22) and integrity violations (23) belong to a row; anything else aborts. */
export function isRowError(error: unknown): error is pg.DatabaseError {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("22") || code.startsWith("23"));
}

export function describeRowError(error: pg.DatabaseError): string {
  return error.detail ? `${error.message} (${error.detail})` : error.message;
}

export function rowId(line: string, primaryKey: string[]): string {
  try {
    const row = JSON.parse(line) as Record<string, unknown>;
    return primaryKey.map((column) => String(row[column] ?? "?")).join(",");
  } catch {
    return "(unreadable row)";
  }
}

export function emptyResult(table: string): TableResult {
  return { table, rows: 0, inserted: 0, skipped: 0, rejected: 0, mapped: 0, cascaded: {}, rejections: [] };
}

export function addRejection(result: TableResult, rejection: Rejection): void {
  result.rejected += 1;
  if (rejection.dependsOn) result.cascaded[rejection.dependsOn.table] = (result.cascaded[rejection.dependsOn.table] ?? 0) + 1;
  if (result.rejections.length < MAX_LISTED_REJECTIONS) result.rejections.push(rejection);
}

/** A row PostgreSQL refused: recorded, and told apart from rows refused because their parent was. */
export async function rejectRow(client: pg.ClientBase, result: TableResult, row: { id: string; line?: number }, error: pg.DatabaseError): Promise<void> {
  const dependsOn = await noteRejectedRow(client, result.table, row.id, error);
  addRejection(result, {
    id: row.id,
    ...(row.line !== undefined ? { line: row.line } : {}),
    reason: dependsOn ? `needs ${dependsOn.table} ${dependsOn.id}, which was rejected (${describeRowError(error)})` : describeRowError(error),
    ...(dependsOn ? { dependsOn } : {}),
  });
}

export async function insertRows(
  client: pg.ClientBase,
  plan: TablePlan,
  lines: AsyncIterable<string> | Iterable<string>,
  progress: { expectedRows: number; onProgress?: ProgressListener; doneRows: () => number; addDone: (rows: number) => void; totalRows: number },
  limits: BatchLimits = DEFAULT_BATCH,
): Promise<TableResult> {
  const result = emptyResult(plan.table);
  const table = quoteIdent(plan.table);
  const sql =
    `INSERT INTO ${table} (${plan.columns.map((column) => quoteIdent(column.name)).join(", ")}) ` +
    `SELECT ${plan.columns.map(readColumnExpression).join(", ")} FROM json_populate_recordset(NULL::${table}, $1::json) AS r ` +
    `ON CONFLICT (${plan.primaryKey.map(quoteIdent).join(", ")}) DO NOTHING`;

  const insert = async (batch: string[]): Promise<number> => {
    const outcome = await client.query(sql, [`[${batch.join(",")}]`]);
    return outcome.rowCount ?? 0;
  };

  const flush = async (batch: string[]) => {
    await client.query("SAVEPOINT restore_batch");
    try {
      const inserted = await insert(batch);
      await client.query("RELEASE SAVEPOINT restore_batch");
      result.inserted += inserted;
      result.skipped += batch.length - inserted;
    } catch (error) {
      if (!isRowError(error)) throw error;
      await client.query("ROLLBACK TO SAVEPOINT restore_batch");
      for (const line of batch) {
        await client.query("SAVEPOINT restore_row");
        try {
          const inserted = await insert([line]);
          await client.query("RELEASE SAVEPOINT restore_row");
          result.inserted += inserted;
          result.skipped += 1 - inserted;
        } catch (rowError) {
          if (!isRowError(rowError)) throw rowError;
          await client.query("ROLLBACK TO SAVEPOINT restore_row");
          await rejectRow(client, result, { id: rowId(line, plan.primaryKey) }, rowError);
        }
      }
    }
    result.rows += batch.length;
    progress.addDone(batch.length);
    progress.onProgress?.({
      phase: "restore",
      table: plan.table,
      rows: result.rows,
      tableRows: progress.expectedRows,
      doneRows: progress.doneRows(),
      totalRows: progress.totalRows,
    });
  };

  let batch: string[] = [];
  let bytes = 0;
  for await (const line of lines) {
    if (line.length === 0) continue;
    batch.push(line);
    bytes += line.length;
    if (batch.length >= limits.rows || bytes >= limits.bytes) {
      await flush(batch);
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) await flush(batch);
  else if (result.rows === 0) {
    progress.onProgress?.({ phase: "restore", table: plan.table, rows: 0, tableRows: 0, doneRows: progress.doneRows(), totalRows: progress.totalRows });
  }
  return result;
}
