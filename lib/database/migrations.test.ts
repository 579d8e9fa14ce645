import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";
import { ensureDatabase, withDatabase } from "@/lib/database/admin";
import { TEST_DATABASE_PREFIX } from "@/tests/support/test-database";
import { getMigrationStatus, hasPendingMigrations, listMigrationNames, MIGRATIONS_DIR } from "./migrations";

const prismaCli = path.join(process.cwd(), "node_modules", "prisma", "build", "index.js");

function runPrisma(args: string[], databaseUrl: string) {
  return spawnSync(process.execPath, [prismaCli, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
}

describe("migrations", () => {
  let databaseUrl: string;

  beforeAll(async () => {
    // A fresh, empty database migrated by `prisma migrate deploy` through the adapter wrapper.
    databaseUrl = await createTestDatabase(inject("databaseServerUrl"), "migrations");
  });
  afterAll(async () => {
    await dropTestDatabase(databaseUrl);
  });

  it("applies every migration and leaves none pending", async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const status = await getMigrationStatus(client);
      expect(status.pending).toBe(0);
      expect(status.failed).toEqual([]);
      expect(status.applied).toBe((await listMigrationNames()).length);
    } finally {
      await client.end();
    }
  });

  it("knows without the Prisma CLI whether anything is pending (the fast restart path)", async () => {
    expect(await hasPendingMigrations(databaseUrl)).toBe(false);
    // The same database seen by a newer version of the code, whose folder has one more migration.
    const newer = await fs.mkdtemp(path.join(os.tmpdir(), "clearsight-migrations-"));
    try {
      await fs.cp(MIGRATIONS_DIR, newer, { recursive: true });
      await fs.mkdir(path.join(newer, "29991231000000_later"));
      await fs.writeFile(path.join(newer, "29991231000000_later", "migration.sql"), "SELECT 1;\n");
      expect(await hasPendingMigrations(databaseUrl, newer)).toBe(true);
    } finally {
      await fs.rm(newer, { recursive: true, force: true });
    }
    const empty = withDatabase(inject("databaseServerUrl"), `${TEST_DATABASE_PREFIX}empty_${Date.now().toString(36)}`);
    await ensureDatabase(empty);
    try {
      expect(await hasPendingMigrations(empty)).toBe(true);
    } finally {
      await dropTestDatabase(empty);
    }
  });

  it("produces exactly the Prisma schema (migrate diff is empty)", () => {
    const result = runPrisma(
      ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code"],
      databaseUrl,
    );
    expect(result.stdout + result.stderr).toContain("No difference detected");
    expect(result.status).toBe(0);
  });

  it("reports a schema change that has no migration (exit code 2)", () => {
    const result = runPrisma(["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-empty", "--exit-code"], databaseUrl);
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/DROP TABLE|Removed tables/i);
  });

  it("reports migration status through the CLI without leaving shadow databases behind", async () => {
    const result = runPrisma(["migrate", "status"], databaseUrl);
    expect(result.stdout).toContain("Database schema is up to date");
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const shadows = await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'");
      expect(shadows.rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
