/**
 * A backup is only called good once it has been restored: checksums and counts first, then a
 * full restore into a scratch database migrated from this code's migrations, row counts and a
 * sample of rows compared field by field, and the scratch database dropped. The outcome is
 * written to verification.json next to the manifest.
 */
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { dropDatabase, ensureDatabase, withDatabase } from "@/lib/database/admin";
import { deployMigrations } from "@/lib/database/migrations";
import { BackupRejectedError, readManifest, writeVerification, type Manifest, type ManifestTable, type Verification } from "./manifest";
import type { ProgressListener } from "./progress";
import { restoreBackup } from "./restore";
import { JSON_SESSION_SETTINGS, quoteIdent, readTableColumns, selectRowsAsJson } from "./tables";

export const SCRATCH_DATABASE_PREFIX = "clearsight_verify_";
const SAMPLE_SIZE = 200;

export type VerifyBackupOptions = {
  /** Any database on the server where the scratch database may be created. */
  databaseUrl: string;
  dir: string;
  onProgress?: ProgressListener;
};

/** Up to `size` lines chosen uniformly (reservoir sampling), the first line always among them. */
async function sampleLines(file: string, size: number): Promise<string[]> {
  const sample: string[] = [];
  let seen = 0;
  const lines = readline.createInterface({ input: createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  for await (const line of lines) {
    seen += 1;
    if (sample.length < size) sample.push(line);
    else {
      const slot = Math.floor(Math.random() * seen);
      if (slot > 0 && slot < size) sample[slot] = line;
    }
  }
  return sample;
}

async function compareSample(client: pg.ClientBase, dir: string, table: ManifestTable): Promise<{ sampled: number; problems: string[] }> {
  const sample = await sampleLines(path.join(dir, table.file), SAMPLE_SIZE);
  if (sample.length === 0) return { sampled: 0, problems: [] };
  const live = (await readTableColumns(client, [table.name])).get(table.name)!;
  const columns = live.filter((column) => table.columns.some((source) => source.name === column.name));
  const key = table.primaryKey.map(quoteIdent).join(", ");
  const where = `WHERE (${table.primaryKey.map((column) => `t.${quoteIdent(column)}`).join(", ")}) IN (SELECT ${key} FROM json_populate_recordset(NULL::${quoteIdent(table.name)}, $1::json))`;
  const { rows } = await client.query<{ row: string }>(`SELECT j::text AS row FROM (${selectRowsAsJson(table.name, columns, where)}) x(j)`, [`[${sample.join(",")}]`]);
  const keyOf = (row: Record<string, unknown>) => table.primaryKey.map((column) => JSON.stringify(row[column])).join(",");
  const restored = new Map(rows.map((row) => {
    const parsed = JSON.parse(row.row) as Record<string, unknown>;
    return [keyOf(parsed), parsed];
  }));
  const problems: string[] = [];
  for (const line of sample) {
    const original = JSON.parse(line) as Record<string, unknown>;
    const copy = restored.get(keyOf(original));
    if (!copy) {
      problems.push(`${table.name} ${keyOf(original)}: not found after restoring`);
      continue;
    }
    const differing = columns.filter((column) => JSON.stringify(original[column.name]) !== JSON.stringify(copy[column.name]));
    if (differing.length > 0) problems.push(`${table.name} ${keyOf(original)}: ${differing.map((column) => column.name).join(", ")} differ after restoring`);
  }
  return { sampled: sample.length, problems };
}

export async function verifyBackup(options: VerifyBackupOptions): Promise<Verification> {
  const started = Date.now();
  const scratchUrl = withDatabase(options.databaseUrl, `${SCRATCH_DATABASE_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`);
  let manifest: Manifest | undefined;
  const problems: string[] = [];
  const tables: Verification["tables"] = [];
  try {
    await ensureDatabase(scratchUrl);
    await deployMigrations(scratchUrl);
    const report = await restoreBackup({ databaseUrl: scratchUrl, dir: options.dir, onProgress: options.onProgress });
    if (report.kind !== "clearsight") throw new BackupRejectedError(["this is a legacy backup: it has no manifest to verify against"]);
    manifest = await readManifest(options.dir);
    const client = new pg.Client({ connectionString: scratchUrl });
    await client.connect();
    try {
      await client.query(JSON_SESSION_SETTINGS);
      for (const table of manifest.tables) {
        const result = report.tables.find((candidate) => candidate.table === table.name);
        const count = Number((await client.query<{ count: string }>(`SELECT count(*) FROM ${quoteIdent(table.name)}`)).rows[0]!.count);
        if (count !== table.rows) problems.push(`${table.name}: ${count} rows after restoring, the manifest says ${table.rows}`);
        for (const rejection of result?.rejections ?? []) problems.push(`${table.name} ${rejection.id} was rejected: ${rejection.reason}`);
        const sample = await compareSample(client, options.dir, table);
        problems.push(...sample.problems);
        tables.push({ name: table.name, rows: table.rows, restored: count, sampled: sample.sampled });
      }
    } finally {
      await client.end();
    }
  } catch (error) {
    if (error instanceof BackupRejectedError) problems.push(...error.problems);
    else problems.push(`restoring into a scratch database failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await dropDatabase(scratchUrl).catch((error: unknown) => {
      problems.push(`the scratch database could not be dropped: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  const verification: Verification = {
    state: problems.length === 0 ? "ok" : "failed",
    verifiedAt: new Date().toISOString(),
    durationMs: Date.now() - started,
    problems,
    tables,
  };
  await writeVerification(options.dir, verification);
  return verification;
}
