/**
 * Restoring from the admin page: a dry run first, then the real restore, each run in the
 * background of the web process with its progress and outcome in restore-status.json in the
 * backup root, so any web process can show them and the page polls for them. One restore at a
 * time. Uploaded backups (.tar.gz as the page's download makes them, of a Clearsight or legacy
 * backup) are unpacked under <backup root>/uploads, kept there, and offered like the others.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import { z } from "zod";
import type { Actor } from "@/lib/audit/record";
import { requireEnv } from "@/lib/env";
import { AppError, conflict, notFound } from "@/lib/errors";
import { describeError, logger } from "@/lib/logger";
import { getBackupRoot, isBackupName, newBackupName } from "./location";
import { BackupRejectedError } from "./manifest";
import { detectBackupKind, describeRestoreOutcome, restoreBackup, summarizeRestore, type RestoreReport } from "./restore";

const STATUS_FILE = "restore-status.json";
const UPLOADS = "uploads";
/** Largest upload accepted, unpacked (a backup of a million violations is about 750 MB). */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024 * 1024;
const FILE_NAME = /^[a-z_][a-z0-9_]*\.jsonl?$/;

export const restoreSourceSchema = z.object({
  source: z.enum(["backup", "upload"]),
  name: z.string().max(64).refine(isBackupName, "must be the name of a backup as listed"),
});
export const restoreRequestSchema = restoreSourceSchema.extend({ dryRun: z.boolean() });
export type RestoreSource = z.infer<typeof restoreSourceSchema>;

const progressSchema = z.object({ phase: z.string(), table: z.string(), doneRows: z.number(), totalRows: z.number(), etaSeconds: z.number().optional() });

export const restoreJobSchema = z.object({
  id: z.string(),
  pid: z.number(),
  state: z.enum(["running", "done", "failed"]),
  dryRun: z.boolean(),
  source: restoreSourceSchema,
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  progress: progressSchema.optional(),
  /** The report's parts the page shows (no directory paths). */
  result: z
    .object({
      complete: z.boolean(),
      total: z.number(),
      present: z.number(),
      rejected: z.number(),
      outcome: z.string(),
      tables: z.array(
        z.object({ table: z.string(), rows: z.number(), inserted: z.number(), skipped: z.number(), mapped: z.number(), rejected: z.number() }),
      ),
      cascaded: z.array(z.object({ table: z.string(), rows: z.number(), because: z.record(z.string(), z.number()) })),
      rejections: z.array(z.object({ table: z.string(), id: z.string(), line: z.number().optional(), reason: z.string() })),
      mapped: z.array(z.object({ key: z.string(), backupId: z.string(), targetId: z.string() })),
      created: z.array(z.object({ key: z.string(), id: z.string() })),
      notes: z.array(z.string()),
    })
    .optional(),
  error: z.string().optional(),
});
export type RestoreJob = z.infer<typeof restoreJobSchema>;

function uploadsRoot(root: string): string {
  return path.join(root, UPLOADS);
}

export function resolveRestoreSource(source: RestoreSource, root = getBackupRoot()): string {
  return path.join(source.source === "upload" ? uploadsRoot(root) : root, source.name);
}

export async function listUploadedBackups(root = getBackupRoot()): Promise<Array<{ name: string; kind: "clearsight" | "legacy" | "unreadable" }>> {
  const entries = await fs.readdir(uploadsRoot(root), { withFileTypes: true }).catch(() => []);
  const names = entries.filter((entry) => entry.isDirectory() && isBackupName(entry.name)).map((entry) => entry.name).sort().reverse();
  return Promise.all(
    names.map(async (name) => ({ name, kind: await detectBackupKind(path.join(uploadsRoot(root), name)).catch(() => "unreadable" as const) })),
  );
}

/**
 * Unpacks an uploaded .tar.gz: plain data files only (manifest.json, *.jsonl, the legacy
 * *.json), at the top or in one folder, nothing else; a bad archive leaves nothing behind.
 */
export async function saveUploadedBackup(body: ReadableStream<Uint8Array>, root = getBackupRoot()): Promise<{ name: string; kind: "clearsight" | "legacy" }> {
  const name = newBackupName();
  const target = path.join(uploadsRoot(root), name);
  const partial = `${target}.partial-${randomBytes(3).toString("hex")}`;
  await fs.mkdir(partial, { recursive: true, mode: 0o700 });
  let total = 0;
  let folder: string | undefined;
  const extract = tar.extract();
  extract.on("entry", (header, stream, next) => {
    const fail = (message: string) => {
      stream.resume();
      extract.destroy(new AppError("invalid_request", `The upload is not a Clearsight backup archive: ${message}.`));
    };
    if (header.type === "directory") {
      stream.on("end", next);
      stream.resume();
      return;
    }
    const parts = header.name.replace(/^\.\//, "").split("/").filter(Boolean);
    const file = parts.at(-1) ?? "";
    if (header.type !== "file" || parts.length > 2 || !FILE_NAME.test(file)) return fail(`unexpected entry "${header.name}"`);
    if (parts.length === 2) {
      folder ??= parts[0];
      if (parts[0] !== folder) return fail("files from more than one folder");
    }
    total += header.size ?? 0;
    if (total > MAX_UPLOAD_BYTES) return fail(`larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GB unpacked`);
    pipeline(stream, createWriteStream(path.join(partial, file), { mode: 0o600 })).then(() => next(), (error: unknown) => extract.destroy(error as Error));
  });
  try {
    await pipeline(Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>), createGunzip(), extract);
    const kind = await detectBackupKind(partial).catch((error: unknown) => {
      throw new AppError("invalid_request", error instanceof BackupRejectedError ? error.problems.join("; ").replace(partial, "the archive") : "The archive holds no backup.");
    });
    await fs.rename(partial, target);
    return { name, kind };
  } catch (error) {
    await fs.rm(partial, { recursive: true, force: true });
    if (error instanceof AppError) throw error;
    throw new AppError("invalid_request", `The upload is not a readable .tar.gz backup archive (${error instanceof Error ? error.message : String(error)}).`);
  }
}

export async function readRestoreJob(root = getBackupRoot()): Promise<RestoreJob | undefined> {
  try {
    const parsed = restoreJobSchema.safeParse(JSON.parse(await fs.readFile(path.join(root, STATUS_FILE), "utf8")));
    if (!parsed.success) return undefined;
    const job = parsed.data;
    // A process that died mid-restore rolled its transaction back: say so instead of "running" forever.
    if (job.state === "running" && !isAlive(job.pid)) return { ...job, state: "failed", error: "The restore stopped (the server restarted); nothing was changed." };
    return job;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function writeRestoreJob(job: RestoreJob, root: string): Promise<void> {
  const file = path.join(root, STATUS_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, `${JSON.stringify(job)}\n`, { mode: 0o600 });
  await fs.rename(temporary, file);
}

function describeResult(report: RestoreReport): NonNullable<RestoreJob["result"]> {
  const summary = summarizeRestore(report);
  return {
    complete: summary.complete,
    total: summary.total,
    present: summary.present,
    rejected: summary.rejected,
    outcome: describeRestoreOutcome(report),
    tables: report.tables.map(({ table, rows, inserted, skipped, mapped, rejected }) => ({ table, rows, inserted, skipped, mapped, rejected })),
    cascaded: summary.cascaded,
    rejections: report.tables.flatMap((table) => table.rejections.map(({ id, line, reason }) => ({ table: table.table, id, line, reason }))),
    mapped: report.identities.mapped.map(({ key, backupId, targetId }) => ({ key, backupId, targetId })),
    created: report.identities.created.map(({ key, id }) => ({ key, id })),
    notes: report.notes.map((note) => note.replaceAll(report.dir, "the backup")),
  };
}

/** Starts a dry run or a restore in the background and returns its job at once; poll readRestoreJob. */
export async function startRestoreJob(options: { source: RestoreSource; dryRun: boolean; actor: Actor; root?: string; databaseUrl?: string }): Promise<RestoreJob> {
  const root = options.root ?? getBackupRoot();
  const current = await readRestoreJob(root);
  if (current?.state === "running") throw conflict("A restore is already running; wait for it to finish.");
  const dir = resolveRestoreSource(options.source, root);
  await detectBackupKind(dir).catch(() => {
    throw notFound("Backup");
  });
  const databaseUrl = options.databaseUrl ?? requireEnv("DATABASE_URL");
  let job: RestoreJob = {
    id: randomBytes(6).toString("hex"),
    pid: process.pid,
    state: "running",
    dryRun: options.dryRun,
    source: options.source,
    startedAt: new Date().toISOString(),
  };
  await fs.mkdir(root, { recursive: true });
  await writeRestoreJob(job, root);

  let lastWrite = 0;
  const phases = new Map<string, number>();
  const phaseStarted = (phase: string) => {
    if (!phases.has(phase)) phases.set(phase, Date.now());
    return phases.get(phase)!;
  };
  let writing: Promise<void> = Promise.resolve();
  const save = (next: RestoreJob) => {
    job = next;
    writing = writing.then(() => writeRestoreJob(job, root)).catch((error: unknown) => logger.error("Could not record restore progress", describeError(error)));
    return writing;
  };
  void (async () => {
    try {
      const report = await restoreBackup({
        databaseUrl,
        dir,
        dryRun: options.dryRun,
        asEmail: options.actor.email,
        actor: options.actor,
        onProgress: (event) => {
          if (Date.now() - lastWrite < 250) return;
          lastWrite = Date.now();
          const elapsed = (Date.now() - phaseStarted(event.phase)) / 1000;
          const etaSeconds = event.doneRows > 0 ? Math.ceil(((event.totalRows - event.doneRows) * elapsed) / event.doneRows) : undefined;
          void save({ ...job, progress: { phase: event.phase, table: event.table, doneRows: event.doneRows, totalRows: event.totalRows, etaSeconds } });
        },
      });
      await save({ ...job, state: "done", finishedAt: new Date().toISOString(), result: describeResult(report) });
      logger.info(options.dryRun ? "Restore dry run finished" : "Restore finished", { backup: options.source.name, outcome: describeRestoreOutcome(report) });
    } catch (error) {
      const message = error instanceof BackupRejectedError ? error.message.replaceAll(dir, "the backup") : error instanceof Error ? error.message : String(error);
      await save({ ...job, state: "failed", finishedAt: new Date().toISOString(), error: `${message.replaceAll(dir, "the backup")}` });
      logger.error("Restore failed", { backup: options.source.name, ...describeError(error) });
    }
  })();
  return job;
}
