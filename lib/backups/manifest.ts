/**
 * A backup directory describes itself: manifest.json (what, from which schema version, with
 * which checksums) next to one JSON Lines file per table, and verification.json once it has
 * been restored into a scratch database.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { PRIVATE_FILE } from "./location";

export const BACKUP_FORMAT = "clearsight-backup";
export const FORMAT_VERSION = 1;
export const MANIFEST_FILE = "manifest.json";
export const VERIFICATION_FILE = "verification.json";

const columnSchema = z.object({
  name: z.string(),
  type: z.string(),
  nullable: z.boolean(),
  encoding: z.literal("json-wrapped").optional(),
});

const tableSchema = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  file: z.string().regex(/^[a-z_][a-z0-9_]*\.jsonl$/, "must be a plain file name"),
  rows: z.number().int().min(0),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  primaryKey: z.array(z.string()).min(1),
  columns: z.array(columnSchema).min(1),
});

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int(),
  appVersion: z.string(),
  createdAt: z.iso.datetime(),
  database: z.object({ name: z.string(), serverVersion: z.string() }),
  migrations: z.object({ latest: z.string().nullable(), applied: z.array(z.string()) }),
  /** Ids of the keys that encrypted auth-config secrets (lib/crypto keyId); secrets stay encrypted. */
  encryption: z.object({ keyIds: z.array(z.string()) }),
  tables: z.array(tableSchema),
  totals: z.object({ rows: z.number().int(), bytes: z.number().int() }),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestTable = Manifest["tables"][number];

export const verificationSchema = z.object({
  state: z.enum(["ok", "failed"]),
  verifiedAt: z.iso.datetime(),
  durationMs: z.number(),
  problems: z.array(z.string()),
  tables: z.array(z.object({ name: z.string(), rows: z.number(), restored: z.number(), sampled: z.number() })),
  /** The account the scratch database already had, as a rebuilt server has, and whether the backup's matched it. */
  firstAdmin: z.object({ email: z.string(), matched: z.boolean() }).optional(),
});

export type Verification = z.infer<typeof verificationSchema>;

/** A backup that cannot be used; `problems` says why, one line each. */
export class BackupRejectedError extends Error {
  override name = "BackupRejectedError";
  constructor(readonly problems: string[]) {
    super(`The backup was refused:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  }
}

export async function readManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, MANIFEST_FILE), "utf8");
  } catch {
    throw new BackupRejectedError([`${MANIFEST_FILE} is missing in ${dir}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupRejectedError([`${MANIFEST_FILE} is not valid JSON (damaged or truncated)`]);
  }
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === "number" && version !== FORMAT_VERSION) {
    throw new BackupRejectedError([
      `format version ${version} is not supported (this Clearsight reads version ${FORMAT_VERSION})` +
        (version > FORMAT_VERSION ? "; restore it with the newer Clearsight that wrote it" : ""),
    ]);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new BackupRejectedError(parsed.error.issues.map((issue) => `${MANIFEST_FILE}: ${issue.path.join(".") || "root"}: ${issue.message}`));
  }
  return parsed.data;
}

export async function readVerification(dir: string): Promise<Verification | undefined> {
  try {
    const parsed = verificationSchema.safeParse(JSON.parse(await fs.readFile(path.join(dir, VERIFICATION_FILE), "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeVerification(dir: string, verification: Verification): Promise<void> {
  await fs.writeFile(path.join(dir, VERIFICATION_FILE), `${JSON.stringify(verification, null, 2)}\n`, { mode: PRIVATE_FILE });
}

export function countNewlines(chunk: Buffer): number {
  let count = 0;
  let position = chunk.indexOf(10);
  while (position !== -1) {
    count += 1;
    position = chunk.indexOf(10, position + 1);
  }
  return count;
}

export type FileCheck = { table: string; rows: number; bytes: number; sha256: string };

/** Hashes and counts a data file as it is on disk. */
export async function inspectDataFile(file: string, onChunk?: (rows: number) => void): Promise<{ rows: number; bytes: number; sha256: string; endsWithNewline: boolean }> {
  const hash = createHash("sha256");
  let rows = 0;
  let bytes = 0;
  let last = 10;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    const lines = countNewlines(chunk);
    rows += lines;
    bytes += chunk.length;
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
    if (lines > 0) onChunk?.(rows);
  }
  return { rows, bytes, sha256: hash.digest("hex"), endsWithNewline: last === 10 };
}

/**
 * Every data file present, complete and unchanged: the checks run before anything is written,
 * so a damaged backup is refused whole.
 */
export async function checkDataFiles(dir: string, manifest: Manifest, onProgress?: (table: string, rows: number, total: number) => void): Promise<string[]> {
  const problems: string[] = [];
  for (const table of manifest.tables) {
    const file = path.join(dir, table.file);
    try {
      await fs.access(file);
    } catch {
      problems.push(`${table.file} is missing`);
      continue;
    }
    const actual = await inspectDataFile(file, (rows) => onProgress?.(table.name, rows, table.rows));
    if (actual.bytes !== table.bytes) problems.push(`${table.file} is ${actual.bytes} bytes, the manifest says ${table.bytes} (truncated or altered)`);
    if (actual.sha256 !== table.sha256) problems.push(`${table.file} does not match its SHA-256 checksum (damaged or altered)`);
    if (actual.rows !== table.rows || !actual.endsWithNewline) problems.push(`${table.file} holds ${actual.rows} rows, the manifest says ${table.rows}`);
  }
  return problems;
}
