import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";
import { countRows, withClient } from "@/tests/support/backup-data";
import { restoreBackup } from "./restore";

const FIXTURE = path.join(process.cwd(), "tests", "fixtures", "legacy-backup", "export-2024-03-01T10-00-00-000Z");
const KNOWN_CREATOR = "bbbbbbbb-0000-4000-8000-000000000002";

describe("restoring a legacy backup", () => {
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase(inject("databaseServerUrl"), "legacy");
    await withClient(databaseUrl, (client) =>
      client.query(
        `INSERT INTO users (id, email, name, password_hash, role, created_at, updated_at) VALUES
         (gen_random_uuid(), 'first-admin@example.org', 'First admin', 'x', 'ADMIN', '2020-01-01', now()),
         (gen_random_uuid(), 'restorer@example.org', 'Restorer', 'x', 'ADMIN', '2021-01-01', now()),
         ($1, 'known@example.org', 'Known creator', 'x', 'TESTER', '2021-01-01', now())`,
        [KNOWN_CREATOR],
      ),
    );
  });
  afterAll(async () => {
    await dropTestDatabase(databaseUrl);
  });

  it("refuses to restore when the named admin does not exist, writing nothing", async () => {
    await expect(restoreBackup({ databaseUrl, dir: FIXTURE, asEmail: "nobody@example.org" })).rejects.toThrow(/nobody@example.org is not an active admin/);
    expect((await countRows(databaseUrl)).projects).toBe(0);
  });

  it("maps the records, attaches missing creators to the restoring admin, and is idempotent", async () => {
    const first = await restoreBackup({ databaseUrl, dir: FIXTURE, asEmail: "Restorer@Example.org" });
    expect(first.kind).toBe("legacy");
    expect(first.tables.map(({ table, rows, inserted, skipped, rejected }) => ({ table, rows, inserted, skipped, rejected }))).toEqual([
      { table: "projects", rows: 2, inserted: 2, skipped: 0, rejected: 0 },
      { table: "test_sessions", rows: 3, inserted: 3, skipped: 0, rejected: 0 },
      { table: "page_results", rows: 4, inserted: 4, skipped: 0, rejected: 0 },
      { table: "violations", rows: 6, inserted: 5, skipped: 0, rejected: 1 },
    ]);
    expect(first.tables[3]!.rejections).toEqual([
      {
        id: "55555555-5555-4555-8555-555555555556",
        reason: "no page result for https://library.example.org/never-scanned in session 33333333-3333-4333-8333-333333333332",
      },
    ]);
    expect(first.notes).toEqual(
      expect.arrayContaining([
        'test_sessions.json: field "note" (1 record(s)) has no place in Clearsight and was not restored.',
        expect.stringMatching(/^3 record\(s\) \(1 project\(s\), 2 session\(s\)\) name a creator who is not a user here \(aaaaaaaa-0000-4000-8000-000000000001\).*restorer@example.org\.$/),
      ]),
    );
    const after = await countRows(databaseUrl);
    expect(after).toMatchObject({ projects: 2, test_sessions: 3, page_results: 4, violations: 5 });

    const second = await restoreBackup({ databaseUrl, dir: FIXTURE, asEmail: "restorer@example.org" });
    expect(second.tables.map((table) => table.inserted)).toEqual([0, 0, 0, 0]);
    expect(second.tables.map((table) => table.skipped)).toEqual([2, 3, 4, 5]);
    expect(await countRows(databaseUrl)).toEqual(after);
  });

  it("maps creators, WCAG levels, page states and criteria faithfully", async () => {
    await withClient(databaseUrl, async (client) => {
      const projects = await client.query<{ name: string; creator: string; status: string; archived: boolean }>(
        "SELECT p.name, u.email AS creator, p.status, p.archived_at IS NOT NULL AS archived FROM projects p JOIN users u ON u.id = p.created_by ORDER BY p.name",
      );
      expect(projects.rows).toEqual([
        { name: "Intranet", creator: "known@example.org", status: "archived", archived: true },
        { name: "Library Portal", creator: "restorer@example.org", status: "active", archived: false },
      ]);
      const sessions = await client.query<{ name: string; wcag_level: string; scope: unknown; approach: string }>(
        "SELECT name, wcag_level, scope->'urls' AS scope, testing_approach AS approach FROM test_sessions ORDER BY name",
      );
      expect(sessions.rows).toEqual([
        { name: "AAA review", wcag_level: "AAA", scope: ["https://library.example.org/"], approach: "manual" },
        { name: "Baseline", wcag_level: "AA", scope: ["https://library.example.org/", "https://library.example.org/search"], approach: "automated" },
        { name: "Intranet home", wcag_level: "A", scope: ["https://intranet.example.org/", "https://intranet.example.org/news"], approach: "automated" },
      ]);
      const pages = await client.query<{ url: string; state: string; scan_ms: number | null }>("SELECT url, state, scan_ms FROM page_results ORDER BY url");
      expect(pages.rows.map((row) => `${row.url} ${row.state} ${row.scan_ms}`)).toEqual([
        "https://intranet.example.org/ done 900",
        "https://intranet.example.org/news error null",
        "https://library.example.org/ done 1500",
        "https://library.example.org/search done 1700",
      ]);
      const violations = await client.query<{ rule_id: string; wcag_criteria: string[]; status: string; page: string; summary: string | null }>(
        "SELECT v.rule_id, v.wcag_criteria, v.status, p.url AS page, v.summary FROM violations v JOIN page_results p ON p.id = v.page_result_id ORDER BY v.id",
      );
      const fingerprints = await client.query<{ fingerprint: string }>("SELECT DISTINCT fingerprint FROM violations WHERE fingerprint IS NOT NULL");
      expect(fingerprints.rowCount).toBe(5);
      expect(violations.rows).toEqual([
        { rule_id: "color-contrast", wcag_criteria: ["1.4.3"], status: "open", page: "https://library.example.org/", summary: "Fix any of the following: contrast 3.1:1" },
        { rule_id: "image-alt", wcag_criteria: ["1.1.1"], status: "open", page: "https://library.example.org/", summary: null },
        { rule_id: "reflow", wcag_criteria: ["1.4.10"], status: "false_positive", page: "https://library.example.org/", summary: null },
        { rule_id: "label", wcag_criteria: ["1.3.1", "4.1.2"], status: "open", page: "https://library.example.org/search", summary: "Fix any of the following: no label" },
        { rule_id: "region", wcag_criteria: [], status: "open", page: "https://intranet.example.org/", summary: null },
      ]);
    });
  });
});

describe("restoring a legacy backup that names its users", () => {
  let databaseUrl: string;
  let dir: string;
  let firstAdminId: string;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase(inject("databaseServerUrl"), "legacy_users");
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "clearsight-legacy-users-"));
    await fs.cp(FIXTURE, dir, { recursive: true });
    await fs.writeFile(
      path.join(dir, "users.json"),
      JSON.stringify([
        { id: "aaaaaaaa-0000-4000-8000-000000000001", email: "First-Admin@Example.org", name: "Old admin", role: "admin" },
        { id: KNOWN_CREATOR, email: "old-tester@example.org", name: "Old tester", role: "tester" },
      ]),
    );
    firstAdminId = await withClient(databaseUrl, async (client) =>
      (await client.query<{ id: string }>("INSERT INTO users (id, email, name, password_hash, role, updated_at) VALUES (gen_random_uuid(), 'first-admin@example.org', 'First admin', 'kept', 'ADMIN', now()) RETURNING id::text")).rows[0]!.id,
    );
  });
  afterAll(async () => {
    await dropTestDatabase(databaseUrl);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("matches creators by email, creates the others disabled, and reports both", async () => {
    const report = await restoreBackup({ databaseUrl, dir });
    expect(report.identities.mapped).toEqual([{ table: "users", backupId: "aaaaaaaa-0000-4000-8000-000000000001", targetId: firstAdminId, key: "first-admin@example.org" }]);
    expect(report.identities.created).toEqual([{ table: "users", id: KNOWN_CREATOR, key: "old-tester@example.org (disabled: enable it and set a password)" }]);
    expect(report.tables.slice(0, 3).every((table) => table.rejected === 0)).toBe(true);
    await withClient(databaseUrl, async (client) => {
      const owners = await client.query<{ name: string; email: string }>("SELECT p.name, u.email FROM projects p JOIN users u ON u.id = p.created_by ORDER BY p.name");
      expect(owners.rows).toEqual([
        { name: "Intranet", email: "old-tester@example.org" },
        { name: "Library Portal", email: "first-admin@example.org" },
      ]);
      const users = await client.query<{ email: string; role: string; disabled: boolean; password_hash: string }>("SELECT email, role, disabled, password_hash FROM users ORDER BY email");
      expect(users.rows.map(({ email, role, disabled }) => ({ email, role, disabled }))).toEqual([
        { email: "first-admin@example.org", role: "ADMIN", disabled: false },
        { email: "old-tester@example.org", role: "TESTER", disabled: true },
      ]);
      expect(users.rows[0]!.password_hash).toBe("kept");
    });
    const second = await restoreBackup({ databaseUrl, dir });
    expect(second.tables.map((table) => table.inserted)).toEqual([0, 0, 0, 0]);
    expect(second.identities.created).toEqual([]);
  });
});
