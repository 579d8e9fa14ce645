/**
 * Applying and inspecting Prisma migrations. `prisma migrate deploy` is the only way the
 * schema changes outside development; it runs at every start before the app serves anything.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export type MigrationStatus = {
  applied: number;
  pending: number;
  failed: string[];
  pendingNames: string[];
  /** Applied in the database but unknown to this code (a newer version ran on this database). */
  unknown: string[];
  latestApplied: string | null;
};

export async function listMigrationNames(dir = MIGRATIONS_DIR): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

type AppliedRow = { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null };

export async function readAppliedMigrations(client: pg.ClientBase | pg.Pool): Promise<AppliedRow[]> {
  const table = await client.query("SELECT to_regclass('public._prisma_migrations') AS name");
  if (!table.rows[0]?.name) return [];
  const result = await client.query<AppliedRow>(
    "SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name",
  );
  return result.rows;
}

export async function getMigrationStatus(client: pg.ClientBase | pg.Pool, dir = MIGRATIONS_DIR): Promise<MigrationStatus> {
  const [known, rows] = await Promise.all([listMigrationNames(dir), readAppliedMigrations(client)]);
  const live = rows.filter((row) => row.rolled_back_at === null);
  const applied = new Set(live.filter((row) => row.finished_at !== null).map((row) => row.migration_name));
  const failed = live.filter((row) => row.finished_at === null).map((row) => row.migration_name);
  const knownSet = new Set(known);
  const pendingNames = known.filter((name) => !applied.has(name));
  return {
    applied: [...applied].filter((name) => knownSet.has(name)).length,
    pending: pendingNames.length,
    pendingNames,
    failed,
    unknown: [...applied].filter((name) => !knownSet.has(name)),
    latestApplied: [...applied].sort().at(-1) ?? null,
  };
}

/**
 * Whether `migrate deploy` would have nothing to do: every migration in the folder is applied,
 * none failed halfway. Read straight from `_prisma_migrations` (milliseconds), so a restart
 * spawns the Prisma CLI (~10 s of start-up on a small machine) only when something is pending.
 * Edited migrations are caught right after by the schema check, which compares checksums.
 */
export async function hasPendingMigrations(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const status = await getMigrationStatus(client, dir);
    return status.pending > 0 || status.failed.length > 0;
  } finally {
    await client.end();
  }
}

/** Runs `prisma migrate deploy` against `databaseUrl`; resolves with its output, rejects with it. */
export async function deployMigrations(databaseUrl: string): Promise<string> {
  const cli = path.join(process.cwd(), "node_modules", "prisma", "build", "index.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const cleaned = output
        .split("\n")
        .filter((line) => !/nodedir|Prisma config detected|Loaded Prisma config|datasource property .url. is ignored|remove those properties/i.test(line))
        .join("\n")
        .trim();
      if (code === 0) resolve(cleaned);
      else reject(new Error(cleaned || `prisma migrate deploy exited with code ${code}`));
    });
  });
}
