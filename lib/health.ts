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
import { verifySchema, type Finding } from "@/lib/schema-check/verify";

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

export function createHealthMonitor(options: { databaseUrl: string; recheckMs: number }): HealthMonitor {
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
      return {
        ...base,
        status: healthy ? "healthy" : "unhealthy",
        database: "connected",
        migrations: { applied: current.migrations.applied, pending: current.migrations.pending },
        schema: current.schemaOk ? "ok" : "drift",
        schemaCheckedAt: current.checkedAt.toISOString(),
        ...(current.schemaOk ? {} : { findings: current.errors }),
        backups: { state: backups.state, lastSuccessAt: backups.lastSuccessAt, message: backups.message },
        ...(current.warnings.length > 0 ? { warnings: current.warnings } : {}),
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
  });
  return globalForHealth.clearsightHealth.getHealth(options);
}
