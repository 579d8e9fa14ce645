/**
 * What /api/health reports. Uses its own small pool with short timeouts so it answers quickly
 * while PostgreSQL is down, and recovers by itself when the server comes back.
 */
import pg from "pg";
import packageJson from "@/package.json";
import { getMigrationStatus } from "@/lib/database/migrations";
import { requireEnv } from "@/lib/env";
import { getBackupHealth, type BackupHealth } from "@/lib/backups/schedule";
import { verifySchema, type Finding } from "@/lib/schema-check/verify";

export type HealthReport = {
  status: "healthy" | "unhealthy";
  database: "connected" | "disconnected";
  migrations?: { applied: number; pending: number };
  schema?: "ok" | "drift";
  findings?: Finding[];
  /** Backups never make the app unhealthy; a failed or overdue backup is a warning. */
  backups?: Pick<BackupHealth, "state" | "lastSuccessAt" | "message">;
  warnings?: string[];
  version: string;
  timestamp: string;
  error?: string;
};

const globalForHealth = globalThis as unknown as { clearsightHealthPool?: pg.Pool };

function pool(): pg.Pool {
  globalForHealth.clearsightHealthPool ??= new pg.Pool({
    connectionString: requireEnv("DATABASE_URL"),
    max: 2,
    connectionTimeoutMillis: 2_000,
    idleTimeoutMillis: 10_000,
    query_timeout: 5_000,
  });
  // Idle clients whose server went away emit errors; the pool replaces them.
  globalForHealth.clearsightHealthPool.on("error", () => {});
  return globalForHealth.clearsightHealthPool;
}

export async function getHealth(): Promise<HealthReport> {
  const base = { version: packageJson.version, timestamp: new Date().toISOString() };
  try {
    const client = await pool().connect();
    try {
      const migrations = await getMigrationStatus(client);
      const schema = await verifySchema(client);
      const backups = await getBackupHealth().catch((): BackupHealth => ({ state: "warning", message: "Backup status could not be read." }));
      const warnings = [...schema.warnings.map((finding) => finding.message), ...(backups.state === "warning" && backups.message ? [backups.message] : [])];
      const healthy = migrations.pending === 0 && migrations.failed.length === 0 && schema.ok;
      return {
        ...base,
        status: healthy ? "healthy" : "unhealthy",
        database: "connected",
        migrations: { applied: migrations.applied, pending: migrations.pending },
        schema: schema.ok ? "ok" : "drift",
        ...(schema.ok ? {} : { findings: schema.errors }),
        backups: { state: backups.state, lastSuccessAt: backups.lastSuccessAt, message: backups.message },
        ...(warnings.length > 0 ? { warnings } : {}),
        ...(healthy ? {} : { error: "The database schema does not match this version of Clearsight." }),
      };
    } finally {
      client.release();
    }
  } catch {
    return { ...base, status: "unhealthy", database: "disconnected", error: "PostgreSQL is not reachable." };
  }
}
