/**
 * Reading what is in the backup root: backups with their size, counts and verification state,
 * and the status file that scheduled and manual runs leave behind.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { notFound } from "@/lib/errors";
import { getBackupRoot, isBackupName, PRIVATE_DIR, PRIVATE_FILE, resolveBackupDir } from "./location";
import { readManifest, readVerification, type Verification } from "./manifest";

export type BackupSummary = {
  name: string;
  dir: string;
  createdAt: string;
  appVersion: string;
  migration: string | null;
  rows: number;
  bytes: number;
  tables: Array<{ name: string; rows: number }>;
  verification: Verification | undefined;
  /** Set when the manifest cannot be read: the directory is not a usable backup. */
  problem?: string;
};

export async function listBackups(root = getBackupRoot()): Promise<BackupSummary[]> {
  const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((entry) => entry.isDirectory() && isBackupName(entry.name)).map((entry) => entry.name);
  const summaries = await Promise.all(
    names.map(async (name): Promise<BackupSummary> => {
      const dir = path.join(root, name);
      const verification = await readVerification(dir);
      try {
        const manifest = await readManifest(dir);
        return {
          name,
          dir,
          createdAt: manifest.createdAt,
          appVersion: manifest.appVersion,
          migration: manifest.migrations.latest,
          rows: manifest.totals.rows,
          bytes: manifest.totals.bytes,
          tables: manifest.tables.map((table) => ({ name: table.name, rows: table.rows })),
          verification,
        };
      } catch (error) {
        return {
          name, dir, createdAt: "", appVersion: "", migration: null, rows: 0, bytes: 0, tables: [], verification,
          problem: error instanceof Error ? error.message : String(error),
        };
      }
    }),
  );
  // Names are creation timestamps, so they sort newest first as text.
  return summaries.sort((a, b) => b.name.localeCompare(a.name));
}

const STATUS_FILE = "status.json";

const runSchema = z.object({ at: z.string(), backup: z.string().optional(), message: z.string().optional() });
export const backupStatusSchema = z.object({
  lastSuccess: runSchema.optional(),
  lastFailure: runSchema.optional(),
});
export type BackupStatus = z.infer<typeof backupStatusSchema>;

export async function readBackupStatus(root = getBackupRoot()): Promise<BackupStatus> {
  try {
    const parsed = backupStatusSchema.safeParse(JSON.parse(await fs.readFile(path.join(root, STATUS_FILE), "utf8")));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export async function writeBackupStatus(status: BackupStatus, root = getBackupRoot()): Promise<void> {
  await fs.mkdir(root, { recursive: true, mode: PRIVATE_DIR });
  const file = path.join(root, STATUS_FILE);
  await fs.writeFile(`${file}.tmp`, `${JSON.stringify(status, null, 2)}\n`, { mode: PRIVATE_FILE });
  await fs.rename(`${file}.tmp`, file);
}

/** The directory of a complete backup, by name; not found for anything else. */
export async function findBackupDir(name: string, root = getBackupRoot()): Promise<string> {
  const dir = resolveBackupDir(name, root);
  if (!dir || !(await fs.access(path.join(dir, "manifest.json")).then(() => true, () => false))) throw notFound("Backup");
  return dir;
}
