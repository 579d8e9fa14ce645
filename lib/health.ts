/**
 * What /api/health reports. Uses its own small pool with short timeouts so it answers quickly
 * while PostgreSQL is down, and recovers by itself when the server comes back.
 *
 * Verifying the live schema costs two catalog queries and the Prisma schema's DMMF (~100 ms of
 * CPU); doing it on every call made health the slowest endpoint under load. So a request only
 * checks that the database answers (`SELECT 1`) and reports the last schema verdict, which is
 * made on the first call (right after `npm start` ran the migrations), then every
 * HEALTH_RECHECK_SECONDS in the background, and on demand (`?verify=1`, admins).
 */
import pg from "pg";
import packageJson from "@/package.json";
import { getMigrationStatus } from "@/lib/database/migrations";
import { readEnv, requireEnv } from "@/lib/env";
import { getBackupHealth, type BackupHealth } from "@/lib/backups/schedule";
import { readQueue } from "@/lib/scans/queue-state";
import { verifySchema, type Finding } from "@/lib/schema-check/verify";

/**
 * The scan queue as health tells anyone who asks: counts and times only. Which pages wait and
 * where workers run is for admins (/admin/queue).
 */
export type HealthQueue = {
  pending: number;
  running: number;
  oldestWaitingPage: { since: string; waitingSeconds: number } | null;
  /** Workers whose last heartbeat is within a worker lease (id: the random part of the worker's id). */
  liveWorkers: Array<{ id: string; lastHeartbeat: string }>;
};

export type HealthReport = {
  status: "healthy" | "unhealthy";
  database: "connected" | "disconnected";
  migrations?: { applied: number; pending: number };
  schema?: "ok" | "drift";
  /** When the schema verdict above was made. */
  schemaCheckedAt?: string;
  findings?: Finding[];
  /** Backups never make the app unhealthy; a failed or overdue backup is a warning. */
  backups?: Pick<BackupHealth, "state" | "lastSuccessAt" | "message">;
  /** Never makes the app unhealthy; pages waiting with no live worker is a warning. */
  queue?: HealthQueue;
  warnings?: string[];
  version: string;
  timestamp: string;
  error?: string;
};

type Verdict = {
  checkedAt: Date;
  migrations: { applied: number; pending: number; failed: number };
  schemaOk: boolean;
  errors: Finding[];
  warnings: string[];
  backups: BackupHealth;
};

export type HealthMonitor = {
  getHealth(options?: { verify?: boolean }): Promise<HealthReport>;
  close(): Promise<void>;
};

async function readHealthQueue(pool: pg.Pool, leaseSeconds: number): Promise<HealthQueue | undefined> {
  try {
    const queue = await readQueue(pool, leaseSeconds);
    return {
      pending: queue.pending,
      running: queue.running,
      oldestWaitingPage: queue.oldestWaitingPage ? { since: queue.oldestWaitingPage.since, waitingSeconds: queue.oldestWaitingPage.waitingSeconds } : null,
      liveWorkers: queue.workers.filter((worker) => worker.alive).map((worker) => ({ id: worker.id.split(":").at(-1) ?? worker.id, lastHeartbeat: worker.lastHeartbeat })),
    };
  } catch {
    // A schema that drifted may lack the queue's tables; the schema verdict reports that.
    return undefined;
  }
}

export function queueWarnings(queue: HealthQueue | undefined, leaseSeconds: number): string[] {
  if (!queue || queue.pending === 0 || queue.liveWorkers.length > 0) return [];
  return [`${queue.pending} page${queue.pending === 1 ? " is" : "s are"} waiting to be scanned and no worker has sent a heartbeat in the last ${leaseSeconds} s.`];
}

export function createHealthMonitor(options: { databaseUrl: string; recheckMs: number; leaseSeconds?: number }): HealthMonitor {
  const leaseSeconds = options.leaseSeconds ?? 30;
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: 2,
    connectionTimeoutMillis: 2_000,
    idleTimeoutMillis: 10_000,
    query_timeout: 5_000,
  });
  // Idle clients whose server went away emit errors; the pool replaces them.
  pool.on("error", () => {});
  let verdict: Verdict | undefined;
  let inflight: Promise<Verdict> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function verify(): Promise<Verdict> {
    const client = await pool.connect();
    try {
      const migrations = await getMigrationStatus(client);
      const schema = await verifySchema(client);
      const backups = await getBackupHealth().catch((): BackupHealth => ({ state: "warning", message: "Backup status could not be read." }));
      return {
        checkedAt: new Date(),
        migrations: { applied: migrations.applied, pending: migrations.pending, failed: migrations.failed.length },
        schemaOk: schema.ok,
        errors: schema.errors,
        warnings: [...schema.warnings.map((finding) => finding.message), ...(backups.state === "warning" && backups.message ? [backups.message] : [])],
        backups,
      };
    } finally {
      client.release();
    }
  }

  /** One verification at a time, whoever asks; the result replaces the cached verdict. */
  function refresh(): Promise<Verdict> {
    inflight ??= verify()
      .then((fresh) => (verdict = fresh))
      .finally(() => (inflight = undefined));
    return inflight;
  }

  function schedule() {
    if (timer) return;
    timer = setInterval(() => void refresh().catch(() => undefined), options.recheckMs);
    timer.unref();
  }

  return {
    async getHealth({ verify: force = false } = {}) {
      const base = { version: packageJson.version, timestamp: new Date().toISOString() };
      let current: Verdict;
      try {
        await pool.query("SELECT 1");
        schedule();
        current = force || !verdict ? await refresh() : verdict;
      } catch {
        return { ...base, status: "unhealthy", database: "disconnected", error: "PostgreSQL is not reachable." };
      }
      const healthy = current.migrations.pending === 0 && current.migrations.failed === 0 && current.schemaOk;
      const { backups } = current;
      const queue = await readHealthQueue(pool, leaseSeconds);
      const warnings = [...current.warnings, ...queueWarnings(queue, leaseSeconds)];
      return {
        ...base,
        status: healthy ? "healthy" : "unhealthy",
        database: "connected",
        migrations: { applied: current.migrations.applied, pending: current.migrations.pending },
        schema: current.schemaOk ? "ok" : "drift",
        schemaCheckedAt: current.checkedAt.toISOString(),
        ...(current.schemaOk ? {} : { findings: current.errors }),
        backups: { state: backups.state, lastSuccessAt: backups.lastSuccessAt, message: backups.message },
        ...(queue ? { queue } : {}),
        ...(warnings.length > 0 ? { warnings } : {}),
        ...(healthy ? {} : { error: "The database schema does not match this version of Clearsight." }),
      };
    },
    async close() {
      if (timer) clearInterval(timer);
      await inflight?.catch(() => undefined);
      await pool.end();
    },
  };
}

const globalForHealth = globalThis as unknown as { clearsightHealth?: HealthMonitor };

/** The app's health, from this process's one monitor of DATABASE_URL. */
export function getHealth(options: { verify?: boolean } = {}): Promise<HealthReport> {
  globalForHealth.clearsightHealth ??= createHealthMonitor({
    databaseUrl: requireEnv("DATABASE_URL"),
    recheckMs: readEnv().HEALTH_RECHECK_SECONDS * 1000,
    leaseSeconds: readEnv().WORKER_LEASE_SECONDS,
  });
  return globalForHealth.clearsightHealth.getHealth(options);
}
