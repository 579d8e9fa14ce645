/**
 * What /api/health reports. Uses its own small pool with short timeouts so it answers quickly
 * while PostgreSQL is down, and recovers by itself when the server comes back.
 */
import pg from "pg";
import packageJson from "@/package.json";
import { getMigrationStatus } from "@/lib/database/migrations";
import { requireEnv } from "@/lib/env";

export type HealthReport = {
  status: "healthy" | "unhealthy";
  database: "connected" | "disconnected";
  migrations?: { applied: number; pending: number };
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
      const healthy = migrations.pending === 0 && migrations.failed.length === 0;
      return {
        ...base,
        status: healthy ? "healthy" : "unhealthy",
        database: "connected",
        migrations: { applied: migrations.applied, pending: migrations.pending },
        ...(healthy ? {} : { error: "The database schema is behind this version of Clearsight." }),
      };
    } finally {
      client.release();
    }
  } catch {
    return { ...base, status: "unhealthy", database: "disconnected", error: "PostgreSQL is not reachable." };
  }
}
