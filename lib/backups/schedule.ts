/**
 * Scheduled backups (started by the worker process) and "back up now" from the admin page:
 * back up, verify by restoring, keep the BACKUP_RETENTION newest. Outcomes go to status.json
 * in the backup root, which /api/health and the admin page read through getBackupHealth, so a
 * failure is visible from any process.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { requireEnv, readEnv } from "@/lib/env";
import { conflict } from "@/lib/errors";
import { describeError, logger } from "@/lib/logger";
import { createBackup } from "./backup";
import { getBackupRoot, newBackupName, PRIVATE_DIR, PRIVATE_FILE } from "./location";
import type { Verification } from "./manifest";
import { listBackups, readBackupStatus, writeBackupStatus } from "./queries";
import { verifyBackup } from "./verify";

const LOCK_FILE = ".lock";
const FIRST_RUN_DELAY_MS = 10_000;
const MAX_TIMER_MS = 6 * 60 * 60 * 1000;

export type BackupRun = { ok: boolean; name?: string; verification?: Verification; removed: string[]; error?: string };

export type BackupHealth = {
  state: "ok" | "warning" | "disabled";
  lastSuccessAt?: string;
  lastFailure?: { at: string; message: string; backup?: string };
  message?: string;
};

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** One backup run at a time across processes (web "back up now" and the worker's schedule). */
async function acquireLock(root: string): Promise<(() => Promise<void>) | undefined> {
  await fs.mkdir(root, { recursive: true, mode: PRIVATE_DIR });
  const file = path.join(root, LOCK_FILE);
  // The lock appears with its owner's pid already in it (written aside, then hard-linked into
  // place, which fails if a lock exists): a rival never reads an empty lock and takes it as stale.
  const candidate = path.join(root, `${LOCK_FILE}-${process.pid}-${randomUUID()}`);
  await fs.writeFile(candidate, String(process.pid), { mode: PRIVATE_FILE });
  try {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await fs.link(candidate, file);
        return () => fs.rm(file, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const pid = Number(await fs.readFile(file, "utf8").catch(() => "0"));
        if (pid > 0 && isAlive(pid)) return undefined;
        await fs.rm(file, { force: true });
      }
    }
    return undefined;
  } finally {
    await fs.rm(candidate, { force: true });
  }
}

export async function isBackupRunning(root = getBackupRoot()): Promise<boolean> {
  const pid = Number(await fs.readFile(path.join(root, LOCK_FILE), "utf8").catch(() => "0"));
  return pid > 0 && isAlive(pid);
}

/** Keeps the `keep` newest backups, and the newest good one if none of those is good. */
export async function applyRetention(keep: number, root = getBackupRoot()): Promise<string[]> {
  const backups = await listBackups(root);
  const kept = new Set(backups.slice(0, keep).map((backup) => backup.name));
  if (!backups.slice(0, keep).some((backup) => backup.verification?.state === "ok")) {
    const newestGood = backups.find((backup) => backup.verification?.state === "ok");
    if (newestGood) kept.add(newestGood.name);
  }
  const removed = backups.filter((backup) => !kept.has(backup.name));
  for (const backup of removed) await fs.rm(backup.dir, { recursive: true, force: true });
  // Leftovers of killed runs; the lock guarantees no run is writing them now.
  for (const entry of await fs.readdir(root)) {
    if (entry.includes(".partial-")) await fs.rm(path.join(root, entry), { recursive: true, force: true });
  }
  return removed.map((backup) => backup.name);
}

export async function runScheduledBackup(options: { databaseUrl?: string; root?: string } = {}): Promise<BackupRun> {
  const root = options.root ?? getBackupRoot();
  const release = await acquireLock(root);
  if (!release) return { ok: false, removed: [], error: "Another backup is running." };
  const status = await readBackupStatus(root);
  let name: string | undefined;
  try {
    const databaseUrl = options.databaseUrl ?? requireEnv("DATABASE_URL");
    const backup = await createBackup({ databaseUrl, outDir: path.join(root, newBackupName()) });
    name = backup.name;
    const verification = await verifyBackup({ databaseUrl, dir: backup.dir });
    if (verification.state !== "ok") throw new Error(`verification failed: ${verification.problems.slice(0, 3).join("; ")}`);
    const removed = await applyRetention(readEnv().BACKUP_RETENTION, root);
    await writeBackupStatus({ ...status, lastSuccess: { at: new Date().toISOString(), backup: name } }, root);
    logger.info("Backup created and verified", { backup: name, rows: backup.manifest.totals.rows, removed });
    return { ok: true, name, verification, removed };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await writeBackupStatus({ ...status, lastFailure: { at: new Date().toISOString(), message, ...(name ? { backup: name } : {}) } }, root);
    logger.error("Backup failed", { backup: name, ...describeError(error) });
    return { ok: false, name, removed: [], error: message };
  } finally {
    await release();
  }
}

/**
 * "Back up now": starts a run (backup, verify, retention) in the background of this process and
 * returns at once; the outcome shows in the list and in getBackupHealth.
 */
export async function startBackupNow(root = getBackupRoot()): Promise<void> {
  if (await isBackupRunning(root)) throw conflict("A backup is already running; it will appear in the list when it is verified.");
  void runScheduledBackup({ root });
}

export async function getBackupHealth(root = getBackupRoot()): Promise<BackupHealth> {
  const status = await readBackupStatus(root);
  const intervalHours = readEnv().BACKUP_INTERVAL_HOURS;
  const lastSuccessAt = status.lastSuccess?.at;
  const failure = status.lastFailure;
  if (failure && (!lastSuccessAt || failure.at > lastSuccessAt)) {
    return {
      state: "warning",
      lastSuccessAt,
      lastFailure: { at: failure.at, message: failure.message ?? "unknown error", backup: failure.backup },
      message: `The last backup failed (${failure.at}): ${failure.message ?? "unknown error"}`,
    };
  }
  if (intervalHours === 0) return { state: "disabled", lastSuccessAt, message: "Scheduled backups are off (BACKUP_INTERVAL_HOURS=0)." };
  if (!lastSuccessAt) return { state: "warning", message: "No verified backup yet." };
  const ageHours = (Date.now() - Date.parse(lastSuccessAt)) / 3_600_000;
  if (ageHours > intervalHours * 2) {
    return { state: "warning", lastSuccessAt, message: `No verified backup for ${Math.floor(ageHours)} hours (one is due every ${intervalHours}).` };
  }
  return { state: "ok", lastSuccessAt };
}

/** Runs scheduled backups every BACKUP_INTERVAL_HOURS in this process; returns a stop function. */
export function startBackupScheduler(options: { databaseUrl?: string } = {}): { stop: () => void } {
  const intervalHours = readEnv().BACKUP_INTERVAL_HOURS;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  if (intervalHours === 0) {
    logger.info("Scheduled backups are off (BACKUP_INTERVAL_HOURS=0).");
    return { stop: () => undefined };
  }
  const intervalMs = intervalHours * 3_600_000;

  const scheduleNext = async () => {
    if (stopped) return;
    const status = await readBackupStatus().catch(() => ({}) as Awaited<ReturnType<typeof readBackupStatus>>);
    const last = Math.max(Date.parse(status.lastSuccess?.at ?? "") || 0, Date.parse(status.lastFailure?.at ?? "") || 0);
    const due = last === 0 ? Date.now() + FIRST_RUN_DELAY_MS : Math.max(last + intervalMs, Date.now() + FIRST_RUN_DELAY_MS);
    const delay = Math.min(due - Date.now(), MAX_TIMER_MS);
    timer = setTimeout(() => {
      void (async () => {
        if (Date.now() >= due - 1_000) await runScheduledBackup(options);
        await scheduleNext();
      })().catch((error: unknown) => logger.error("Backup scheduler failed", describeError(error)));
    }, delay);
    timer.unref();
  };
  void scheduleNext().catch((error: unknown) => logger.error("Backup scheduler failed", describeError(error)));
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
