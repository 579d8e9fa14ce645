/**
 * A backup is only called good once it has been restored: checksums and counts first, then a
 * full restore into a scratch database migrated from this code's migrations, row counts and a
 * sample of rows compared field by field, and the scratch database dropped. The outcome is
 * written to verification.json next to the manifest.
 *
 * The scratch database is not empty: like a rebuilt server, it already has a first admin, with
 * the email of the backup's first admin (what a rebuilt server started with the same
 * ADMIN_EMAIL has). So the restore must match that account by email and move the backup's
 * references onto it; the sample comparison reads references through that mapping.
 */
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { dropDatabase, ensureDatabase, withDatabase } from "@/lib/database/admin";
import { deployMigrations } from "@/lib/database/migrations";
import { readEnv } from "@/lib/env";
import { DEFAULT_ADMIN_EMAIL } from "@/lib/launch/bootstrap";
import { readReferences, type IdentityMapping, type Reference } from "./identity";
import { BackupRejectedError, readManifest, writeVerification, type Manifest, type ManifestTable, type Verification } from "./manifest";
import type { ProgressListener } from "./progress";
import { restoreBackup, summarizeRestore } from "./restore";
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

/** The email `npm start` would give a rebuilt server's first admin: the backup's first admin's. */
async function firstAdminEmail(dir: string, manifest: Manifest): Promise<string> {
  const users = manifest.tables.find((table) => table.name === "users");
  let first: { email: string; createdAt: string } | undefined;
  if (users) {
    const lines = readline.createInterface({ input: createReadStream(path.join(dir, users.file), { encoding: "utf8" }), crlfDelay: Infinity });
    for await (const line of lines) {
      const user = JSON.parse(line) as { email?: string; role?: string; created_at?: string; disabled?: boolean };
      if (user.role !== "ADMIN" || user.disabled || !user.email) continue;
      if (!first || (user.created_at ?? "") < first.createdAt) first = { email: user.email, createdAt: user.created_at ?? "" };
    }
  }
  return first?.email ?? readEnv().ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL;
}

type Remapping = { mapped: Map<string, string>; references: Reference[] };

/** A backup row as it should read after restoring: references to matched accounts point at them. */
function remapRow(table: string, row: Record<string, unknown>, remapping: Remapping): Record<string, unknown> {
  for (const reference of remapping.references.filter((candidate) => candidate.table === table)) {
    const target = remapping.mapped.get(`${reference.parent} ${String(row[reference.column])}`);
    if (target) row[reference.column] = target;
  }
  return row;
}

async function compareSample(client: pg.ClientBase, dir: string, table: ManifestTable, remapping: Remapping): Promise<{ sampled: number; problems: string[] }> {
  // Rows matched onto an existing account are that account now, not the backup's copy of it.
  const sample = (await sampleLines(path.join(dir, table.file), SAMPLE_SIZE)).filter((line) => {
    const id = (JSON.parse(line) as Record<string, unknown>)[table.primaryKey[0]!];
    return !remapping.mapped.has(`${table.name} ${String(id)}`);
  });
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
    const original = remapRow(table.name, JSON.parse(line) as Record<string, unknown>, remapping);
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

function mappingIndex(mappings: IdentityMapping[]): Map<string, string> {
  return new Map(mappings.map((mapping) => [`${mapping.table} ${mapping.backupId}`, mapping.targetId]));
}

async function withClient<T>(databaseUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function verifyBackup(options: VerifyBackupOptions): Promise<Verification> {
  const started = Date.now();
  const scratchUrl = withDatabase(options.databaseUrl, `${SCRATCH_DATABASE_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`);
  let manifest: Manifest | undefined;
  const problems: string[] = [];
  const tables: Verification["tables"] = [];
  let firstAdmin: Verification["firstAdmin"];
  try {
    await ensureDatabase(scratchUrl);
    await deployMigrations(scratchUrl);
    manifest = await readManifest(options.dir);
    firstAdmin = { email: await firstAdminEmail(options.dir, manifest), matched: false };
    await withClient(scratchUrl, (client) =>
      // As bootstrapDatabase creates it; the password does not matter in a database about to be dropped.
      client.query("INSERT INTO users (id, email, name, password_hash, role, updated_at) VALUES (gen_random_uuid(), lower($1), 'Administrator', '!', 'ADMIN', now())", [firstAdmin!.email]),
    );
    const report = await restoreBackup({ databaseUrl: scratchUrl, dir: options.dir, onProgress: options.onProgress });
    if (report.kind !== "clearsight") throw new BackupRejectedError(["this is a legacy backup: it has no manifest to verify against"]);
    firstAdmin.matched = report.identities.mapped.some((mapping) => mapping.key === firstAdmin!.email.toLowerCase());
    const remapping = { mapped: mappingIndex(report.identities.mapped), references: [] as Reference[] };
    const summary = summarizeRestore(report);
    await withClient(scratchUrl, async (client) => {
      await client.query(JSON_SESSION_SETTINGS);
      remapping.references = await readReferences(client);
      for (const table of manifest!.tables) {
        const result = report.tables.find((candidate) => candidate.table === table.name);
        const count = Number((await client.query<{ count: string }>(`SELECT count(*) FROM ${quoteIdent(table.name)}`)).rows[0]!.count);
        // What was there before (the first admin unless matched), and the restore's own audit event.
        const extra = (table.name === "users" ? 1 : 0) + (table.name === "audit_events" && summary.inserted > 0 ? 1 : 0);
        const expected = table.rows - (result?.mapped ?? 0) + extra;
        if (count !== expected) {
          problems.push(`${table.name}: ${count} rows after restoring, expected ${expected} (the manifest says ${table.rows}${result?.mapped ? `, ${result.mapped} matched to existing accounts` : ""})`);
        }
        for (const rejection of result?.rejections ?? []) problems.push(`${table.name} ${rejection.id} was rejected: ${rejection.reason}`);
        if (result && result.rejected > result.rejections.length) problems.push(`${table.name}: ${result.rejected - result.rejections.length} more rows were rejected`);
        const sample = await compareSample(client, options.dir, table, remapping);
        problems.push(...sample.problems);
        tables.push({ name: table.name, rows: table.rows, restored: count, sampled: sample.sampled });
      }
    });
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
    ...(firstAdmin ? { firstAdmin } : {}),
  };
  await writeVerification(options.dir, verification);
  return verification;
}
