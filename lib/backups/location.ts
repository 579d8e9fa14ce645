/**
 * Where backups live: <DATA_DIR>/backups unless BACKUP_DIR says otherwise; one directory each,
 * named after its creation time. Names from requests are checked before they touch the disk.
 */
import path from "node:path";
import { readEnv } from "@/lib/env";

/** Backups hold password hashes and encrypted secrets: only the app's own OS user may read them. */
export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;

const NAME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z(-[a-z0-9]+)?$/;

export function getBackupRoot(): string {
  const env = readEnv();
  return path.resolve(env.BACKUP_DIR ?? path.join(env.DATA_DIR, "backups"));
}

export function newBackupName(now = new Date()): string {
  return now.toISOString().replace(/[:.]/g, "-");
}

export function isBackupName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

/** The directory of a backup named by a user, or undefined if the name is not one. */
export function resolveBackupDir(name: string, root = getBackupRoot()): string | undefined {
  return isBackupName(name) ? path.join(root, name) : undefined;
}
