/**
 * Writing a backup: every table of the Prisma schema as JSON Lines, from one REPEATABLE READ,
 * READ ONLY snapshot, streamed with COPY so memory stays flat whatever the row count.
 *
 * COPY's CSV mode with a quote and delimiter that never occur in JSON text (JSON escapes all
 * control characters) passes each row's JSON through byte for byte: no unescaping in Node.
 */
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { secretKeyId } from "@/lib/crypto";
import { databaseName } from "@/lib/database/admin";
import { readAppliedMigrations } from "@/lib/database/migrations";
import { getBackupRoot, newBackupName, PRIVATE_DIR, PRIVATE_FILE } from "./location";
import { BACKUP_FORMAT, countNewlines, FORMAT_VERSION, MANIFEST_FILE, type Manifest, type ManifestTable } from "./manifest";
import type { ProgressListener } from "./progress";
import { JSON_SESSION_SETTINGS, listBackupTables, quoteIdent, readTableColumns, selectRowsAsJson } from "./tables";

export type BackupOptions = {
  databaseUrl: string;
  /** Directory to create; by default a new, time-named one under the backup root. */
  outDir?: string;
  onProgress?: ProgressListener;
};

export type BackupResult = { dir: string; name: string; manifest: Manifest; durationMs: number };

export const COPY_JSON_LINES = "WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')";

export async function readAppVersion(): Promise<string> {
  try {
    const text = await fs.readFile(path.join(process.cwd(), "package.json"), "utf8");
    return (JSON.parse(text) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

async function prepareTarget(outDir: string | undefined): Promise<string> {
  const target = path.resolve(outDir ?? path.join(getBackupRoot(), newBackupName()));
  const existing = await fs.readdir(target).catch(() => undefined);
  if (existing && existing.length > 0) throw new Error(`${target} already exists and is not empty; choose another --out directory.`);
  if (existing) await fs.rmdir(target);
  await fs.mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR });
  return target;
}

export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const started = Date.now();
  const target = await prepareTarget(options.outDir);
  // Written under a temporary name and renamed when complete: a killed backup never looks whole.
  const partial = `${target}.partial-${randomBytes(3).toString("hex")}`;
  await fs.mkdir(partial, { recursive: true, mode: PRIVATE_DIR });

  const client = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(JSON_SESSION_SETTINGS);
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    const specs = listBackupTables();
    const columns = await readTableColumns(client, specs.map((spec) => spec.name));
    const missing = specs.filter((spec) => columns.get(spec.name)!.length === 0).map((spec) => spec.name);
    if (missing.length > 0) {
      throw new Error(`The database lacks table(s) ${missing.join(", ")}: run \`npm run db:verify\` to see what is wrong.`);
    }
    const counts = (
      await client.query<Record<string, string>>(
        `SELECT ${specs.map((spec) => `(SELECT count(*) FROM ${quoteIdent(spec.name)}) AS ${quoteIdent(spec.name)}`).join(", ")}`,
      )
    ).rows[0]!;
    const totalRows = specs.reduce((sum, spec) => sum + Number(counts[spec.name]), 0);
    const migrations = (await readAppliedMigrations(client))
      .filter((row) => row.finished_at !== null && row.rolled_back_at === null)
      .map((row) => row.migration_name);
    const keyPrefixes = await client.query<{ prefix: string }>(
      "SELECT DISTINCT split_part(secret_encrypted, '.', 1) || '.' || split_part(secret_encrypted, '.', 2) AS prefix FROM auth_configs WHERE secret_encrypted IS NOT NULL",
    );
    const keyIds = keyPrefixes.rows.map((row) => secretKeyId(row.prefix) ?? `unrecognised format (${row.prefix.split(".")[0]})`).sort();
    const serverVersion = (await client.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;

    const tables: ManifestTable[] = [];
    let doneRows = 0;
    for (const spec of specs) {
      const tableColumns = columns.get(spec.name)!;
      const file = `${spec.name}.jsonl`;
      const tableRows = Number(counts[spec.name]);
      const hash = createHash("sha256");
      let rows = 0;
      let bytes = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          bytes += chunk.length;
          const lines = countNewlines(chunk);
          rows += lines;
          doneRows += lines;
          if (lines > 0) options.onProgress?.({ phase: "backup", table: spec.name, rows, tableRows, doneRows, totalRows });
          callback(null, chunk);
        },
      });
      const copy = client.query(copyTo(`COPY (${selectRowsAsJson(spec.name, tableColumns)}) TO STDOUT ${COPY_JSON_LINES}`));
      await pipeline(copy, meter, createWriteStream(path.join(partial, file), { mode: PRIVATE_FILE }));
      if (rows === 0) options.onProgress?.({ phase: "backup", table: spec.name, rows, tableRows, doneRows, totalRows });
      tables.push({ name: spec.name, file, rows, bytes, sha256: hash.digest("hex"), primaryKey: spec.primaryKey, columns: tableColumns });
    }
    await client.query("COMMIT");

    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: FORMAT_VERSION,
      appVersion: await readAppVersion(),
      createdAt: new Date().toISOString(),
      database: { name: databaseName(options.databaseUrl), serverVersion },
      migrations: { latest: migrations.at(-1) ?? null, applied: migrations },
      encryption: { keyIds },
      tables,
      totals: { rows: tables.reduce((sum, table) => sum + table.rows, 0), bytes: tables.reduce((sum, table) => sum + table.bytes, 0) },
    };
    await fs.writeFile(path.join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: PRIVATE_FILE });
    await fs.rename(partial, target);
    return { dir: target, name: path.basename(target), manifest, durationMs: Date.now() - started };
  } catch (error) {
    await fs.rm(partial, { recursive: true, force: true });
    throw error;
  } finally {
    await client.end();
  }
}
