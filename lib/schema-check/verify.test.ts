import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MIGRATIONS_DIR, listMigrationNames } from "@/lib/database/migrations";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";
import { loadExpectedSchema } from "./expected";
import { formatSchemaReport, verifySchema, type SchemaReport } from "./verify";

const messages = (findings: SchemaReport["errors"]) => findings.map((finding) => finding.message);

describe("verifySchema", () => {
  let databaseUrl: string;
  let client: pg.Client;
  let migrationName: string;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase(inject("databaseServerUrl"), "schema_check");
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    migrationName = (await listMigrationNames())[0]!;
  });
  afterAll(async () => {
    await client.end();
    await dropTestDatabase(databaseUrl);
  });

  /** DDL is transactional in PostgreSQL: each drift is made, verified and rolled back. */
  async function withDrift(sql: string, options: Parameters<typeof verifySchema>[1] = {}): Promise<SchemaReport> {
    await client.query("BEGIN");
    try {
      await client.query(sql);
      return await verifySchema(client, options);
    } finally {
      await client.query("ROLLBACK");
    }
  }

  it("finds nothing wrong with a freshly migrated database", async () => {
    const report = await verifySchema(client);
    expect(report).toEqual({ ok: true, errors: [], warnings: [] });
    expect(formatSchemaReport(report)).toMatch(/matches the code/);
  });

  it("derives every table of the Prisma schema, parents before children", () => {
    const names = loadExpectedSchema().tables.map((table) => table.name);
    expect([...names].sort()).toEqual(
      ["api_tokens", "audit_events", "auth_config_tests", "auth_configs", "login_throttles", "page_results", "projects", "scan_runs", "screenshots", "test_sessions", "triage_decisions", "users", "violations",
        "criterion_instances", "criterion_results", "email_alerts", "notification_deliveries", "notified_scans", "scan_schedules", "webhooks", "ended_sessions", "instance_settings", "login_client_throttles", "scan_workers"].sort(),
    );
    expect(names.indexOf("users")).toBeLessThan(names.indexOf("projects"));
    expect(names.indexOf("auth_configs")).toBeLessThan(names.indexOf("test_sessions"));
    expect(names.indexOf("violations")).toBeLessThan(names.indexOf("screenshots"));
    expect(names.indexOf("scan_runs")).toBeLessThan(names.indexOf("page_results"));
  });

  it("reports a dropped table and the foreign keys that pointed at it", async () => {
    const report = await withDrift("DROP TABLE auth_configs CASCADE");
    expect(report.ok).toBe(false);
    expect(messages(report.errors)).toEqual([
      "missing table auth_configs",
      "missing foreign key test_sessions (auth_config_id) → auth_configs (id)",
      "missing foreign key auth_config_tests (auth_config_id) → auth_configs (id)",
    ]);
  });

  it("reports a column whose type changed", async () => {
    const report = await withDrift("ALTER TABLE test_sessions ALTER COLUMN scope DROP DEFAULT, ALTER COLUMN scope TYPE text USING scope::text");
    expect(messages(report.errors)).toEqual(["column test_sessions.scope is text, expected jsonb"]);
  });

  it("reports a dropped NOT NULL and an added one", async () => {
    const report = await withDrift("ALTER TABLE projects ALTER COLUMN name DROP NOT NULL; ALTER TABLE projects ALTER COLUMN description SET NOT NULL");
    expect(messages(report.errors)).toEqual([
      "column projects.name is nullable, expected NOT NULL",
      "column projects.description is NOT NULL, expected nullable",
    ]);
  });

  it("reports dropped indexes, unique indexes and primary keys", async () => {
    const report = await withDrift(
      'DROP INDEX "violations_fingerprint_idx"; DROP INDEX "test_sessions_project_id_created_at_idx"; DROP INDEX "users_email_key"; ALTER TABLE triage_decisions DROP CONSTRAINT "triage_decisions_pkey"',
    );
    expect(messages(report.errors).sort()).toEqual([
      "missing index on test_sessions (project_id, created_at DESC)",
      "missing index on violations (fingerprint)",
      "missing primary key on triage_decisions (id)",
      "missing unique index on users (email)",
    ]);
  });

  it("does not accept an index whose sort order differs", async () => {
    const report = await withDrift(
      'DROP INDEX "test_sessions_project_id_created_at_idx"; CREATE INDEX "test_sessions_project_id_created_at_idx" ON test_sessions (project_id, created_at)',
    );
    expect(messages(report.errors)).toEqual(["missing index on test_sessions (project_id, created_at DESC)"]);
    expect(messages(report.warnings)).toEqual([
      "index test_sessions_project_id_created_at_idx on test_sessions (project_id, created_at) is not in the Prisma schema",
    ]);
  });

  it("reports a dropped foreign key and one with the wrong delete rule", async () => {
    const report = await withDrift(
      'ALTER TABLE projects DROP CONSTRAINT "projects_created_by_fkey"; ' +
        'ALTER TABLE violations DROP CONSTRAINT "violations_session_id_fkey", ADD CONSTRAINT "violations_session_id_fkey" FOREIGN KEY (session_id) REFERENCES test_sessions(id) ON DELETE RESTRICT ON UPDATE CASCADE',
    );
    expect(messages(report.errors)).toEqual([
      "missing foreign key projects (created_by) → users (id)",
      "foreign key violations (session_id) → test_sessions (id) is ON DELETE RESTRICT, expected ON DELETE CASCADE",
    ]);
  });

  it("reports a dropped column once, not again for its indexes and keys", async () => {
    const report = await withDrift("ALTER TABLE violations DROP COLUMN page_result_id");
    expect(messages(report.errors)).toEqual(["missing column violations.page_result_id"]);
  });

  it("reports a missing enum value", async () => {
    const report = await withDrift(
      "ALTER TYPE \"Impact\" RENAME VALUE 'critical' TO 'blocker'",
    );
    expect(messages(report.errors)).toEqual(["enum Impact lacks value 'critical'"]);
    expect(messages(report.warnings)).toEqual(["enum Impact has value 'blocker', which the schema does not know"]);
  });

  it("reports a migration whose row was deleted as not applied", async () => {
    const report = await withDrift(`DELETE FROM _prisma_migrations WHERE migration_name = '${migrationName}'`);
    expect(messages(report.errors)).toEqual([`migration ${migrationName} is not applied`]);
    expect(formatSchemaReport(report)).toContain("npm run db:migrate");
  });

  it("reports a failed migration and one unknown to the code", async () => {
    const report = await withDrift(
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('a', 'x', '20991231000000_half_done', now(), 0);" +
        "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('b', 'x', '20991231000001_from_the_future', now(), now(), 1)",
    );
    expect(messages(report.errors)).toEqual([
      "migration 20991231000000_half_done failed (started, never finished)",
      "migration 20991231000001_from_the_future is applied but unknown to this code",
    ]);
  });

  it("reports an applied migration whose file was edited, and a new one not yet applied", async () => {
    const copy = await fs.mkdtemp(path.join(os.tmpdir(), "clearsight-migrations-"));
    try {
      await fs.cp(MIGRATIONS_DIR, copy, { recursive: true });
      await fs.appendFile(path.join(copy, migrationName, "migration.sql"), "\n-- a harmless-looking edit\n");
      await fs.mkdir(path.join(copy, "20991231000000_next"));
      await fs.writeFile(path.join(copy, "20991231000000_next", "migration.sql"), "SELECT 1;\n");
      const report = await verifySchema(client, { migrationsDir: copy });
      expect(messages(report.errors)).toEqual([
        `migration ${migrationName} modified after it was applied`,
        "migration 20991231000000_next is not applied",
      ]);
      expect(formatSchemaReport(report)).toContain("Never edit an applied migration");
    } finally {
      await fs.rm(copy, { recursive: true, force: true });
    }
  });

  it("accepts a migration file whose line endings were converted to CRLF", async () => {
    const copy = await fs.mkdtemp(path.join(os.tmpdir(), "clearsight-migrations-"));
    try {
      await fs.cp(MIGRATIONS_DIR, copy, { recursive: true });
      const file = path.join(copy, migrationName, "migration.sql");
      await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace(/\n/g, "\r\n"));
      expect((await verifySchema(client, { migrationsDir: copy })).errors).toEqual([]);
    } finally {
      await fs.rm(copy, { recursive: true, force: true });
    }
  });

  it("warns about tables, columns and indexes the schema does not know, and ignores other schemas", async () => {
    const report = await withDrift(
      "CREATE TABLE stray (id int PRIMARY KEY); ALTER TABLE users ADD COLUMN nickname text; CREATE INDEX users_name_idx ON users (name);" +
        "CREATE SCHEMA pgboss; CREATE TABLE pgboss.job (id int PRIMARY KEY)",
    );
    expect(report.ok).toBe(true);
    expect(report.errors).toEqual([]);
    expect(messages(report.warnings)).toEqual([
      "column users.nickname is not in the Prisma schema",
      "index users_name_idx on users (name) is not in the Prisma schema",
      "table stray is not in the Prisma schema",
    ]);
    expect(report.warnings.map((finding) => finding.code)).toEqual(["extra_column", "extra_index", "extra_table"]);
  });
});
