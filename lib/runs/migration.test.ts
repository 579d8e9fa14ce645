/**
 * The scan_runs migration on a database that already holds scans: a database migrated up to the
 * migration before it, filled with sessions in every state (the shape the app wrote before
 * runs existed), then migrated. Nothing may be lost: row counts and a checksum of every finding
 * are the same before and after, and every page, finding and screenshot sits in run 1 of its
 * session.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { randomBytes } from "node:crypto";
import { ensureDatabase, withDatabase } from "@/lib/database/admin";
import { listMigrationNames, MIGRATIONS_DIR } from "@/lib/database/migrations";
import { dropTestDatabase, TEST_DATABASE_PREFIX } from "@/tests/support/test-database";

const RUNS_MIGRATION = "20261207040000_scan_runs";

async function applyMigration(client: pg.Client, name: string): Promise<void> {
  await client.query(await fs.readFile(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8"));
}

/** Every finding's content, in id order, hashed: any lost, added or altered finding changes it. */
const FINDINGS_CHECKSUM = `
  SELECT count(*)::int AS count, md5(coalesce(string_agg(concat_ws('|', id, session_id, page_result_id, rule_id, kind, impact, wcag_criteria::text,
         tags::text, selector, md5(html), summary, help, help_url, fingerprint, status, status_reason, created_at), E'\\n' ORDER BY id), '')) AS checksum
  FROM violations`;

const COUNTS = `SELECT (SELECT count(*) FROM page_results)::int AS pages, (SELECT count(*) FROM violations)::int AS findings,
                       (SELECT count(*) FROM screenshots)::int AS screenshots, (SELECT count(*) FROM test_sessions)::int AS sessions,
                       (SELECT count(*) FROM triage_decisions)::int AS decisions`;

describe("moving scan data into runs", () => {
  let databaseUrl: string;
  let client: pg.Client;
  const ids = {
    user: randomUUID(),
    other: randomUUID(),
    project: randomUUID(),
    completed: randomUUID(),
    draft: randomUUID(),
    manual: randomUUID(),
    failed: randomUUID(),
    running: randomUUID(),
    cancelled: randomUUID(),
  };

  beforeAll(async () => {
    databaseUrl = withDatabase(inject("databaseServerUrl"), `${TEST_DATABASE_PREFIX}runs_migration_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`);
    await ensureDatabase(databaseUrl);
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const names = await listMigrationNames();
    for (const name of names.slice(0, names.indexOf(RUNS_MIGRATION))) await applyMigration(client, name);
    await seedPreRunData(client, ids);
  }, 60_000);

  afterAll(async () => {
    await client?.end();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it("keeps every row and every finding, and puts each session's scan data in its run 1", async () => {
    const countsBefore = (await client.query(COUNTS)).rows[0];
    const findingsBefore = (await client.query(FINDINGS_CHECKSUM)).rows[0];
    expect(countsBefore).toEqual({ pages: 7, findings: 6, screenshots: 3, sessions: 6, decisions: 1 });

    await applyMigration(client, RUNS_MIGRATION);

    expect((await client.query(COUNTS)).rows[0]).toEqual(countsBefore);
    expect((await client.query(FINDINGS_CHECKSUM)).rows[0]).toEqual(findingsBefore);

    // Every row points at run 1 of its own session.
    const misplaced = await client.query(`
      SELECT 'page' AS kind, p.id FROM page_results p JOIN scan_runs r ON r.id = p.run_id WHERE r.session_id <> p.session_id OR r.number <> 1
      UNION ALL SELECT 'finding', v.id FROM violations v JOIN scan_runs r ON r.id = v.run_id WHERE r.session_id <> v.session_id OR r.number <> 1
      UNION ALL SELECT 'screenshot', s.id FROM screenshots s JOIN scan_runs r ON r.id = s.run_id WHERE r.session_id <> s.session_id OR r.number <> 1`);
    expect(misplaced.rows).toEqual([]);

    const runs = await client.query(`
      SELECT s.name AS session, r.number, r.status::text, r.trigger::text, r.triggered_by::text AS "triggeredBy", r.pages_planned AS planned,
             r.pages_done AS done, r.pages_failed AS failed, r.violations, r.needs_review AS "needsReview", r.engine_versions AS engines,
             r.failure_reason AS "failureReason", r.started_at IS NOT NULL AS started, r.completed_at IS NOT NULL AS ended
      FROM scan_runs r JOIN test_sessions s ON s.id = r.session_id ORDER BY s.name`);
    expect(runs.rows).toEqual([
      { session: "cancelled", number: 1, status: "cancelled", trigger: "user", triggeredBy: null, planned: 1, done: 1, failed: 0, violations: 0, needsReview: 0, engines: { "axe-core": "4.10.0" }, failureReason: null, started: true, ended: true },
      { session: "completed", number: 1, status: "completed", trigger: "user", triggeredBy: ids.other, planned: 3, done: 2, failed: 1, violations: 4, needsReview: 1, engines: { "axe-core": "4.10.2" }, failureReason: null, started: true, ended: true },
      { session: "failed", number: 1, status: "failed", trigger: "user", triggeredBy: null, planned: 0, done: 0, failed: 0, violations: 0, needsReview: 0, engines: {}, failureReason: "The scope lists no http(s) page to scan.", started: false, ended: true },
      { session: "running", number: 1, status: "running", trigger: "user", triggeredBy: ids.user, planned: 3, done: 1, failed: 0, violations: 1, needsReview: 0, engines: { "axe-core": "4.10.2" }, failureReason: null, started: true, ended: false },
    ]);
    // A draft never scanned and a manual session get no run; triage decisions are untouched.
    expect((await client.query("SELECT count(*)::int AS n FROM scan_runs WHERE session_id = ANY($1)", [[ids.draft, ids.manual]])).rows[0]).toEqual({ n: 0 });
    expect((await client.query("SELECT fingerprint, status::text FROM triage_decisions")).rows).toEqual([{ fingerprint: "fp-logo", status: "false_positive" }]);

    // The constraints moved from the session to the run: the same URL may now appear once per run.
    await client.query("INSERT INTO scan_runs (id, session_id, number, status, updated_at) VALUES (gen_random_uuid(), $1, 2, 'queued', now())", [ids.completed]);
    await client.query(
      `INSERT INTO page_results (id, session_id, run_id, url, updated_at)
       SELECT gen_random_uuid(), $1, id, 'https://site.example/', now() FROM scan_runs WHERE session_id = $1 AND number = 2`,
      [ids.completed],
    );
    await expect(
      client.query(
        `INSERT INTO page_results (id, session_id, run_id, url, updated_at)
         SELECT gen_random_uuid(), $1, id, 'https://site.example/', now() FROM scan_runs WHERE session_id = $1 AND number = 2`,
        [ids.completed],
      ),
    ).rejects.toThrow(/page_results_run_id_url_key/);
    await expect(client.query("INSERT INTO page_results (id, session_id, url, updated_at) VALUES (gen_random_uuid(), $1, 'https://x.example/', now())", [ids.completed])).rejects.toThrow(
      /null value in column "run_id"/,
    );
  });
});

/** Data as the app wrote it before runs: pages, findings and screenshots hang off the session. */
async function seedPreRunData(client: pg.Client, ids: Record<string, string>): Promise<void> {
  const at = "2026-11-30T10:00:00.000Z";
  await client.query(
    `INSERT INTO users (id, email, name, password_hash, role, updated_at) VALUES
     ($1, $3, 'Tester', 'x', 'TESTER', now()), ($2, $4, 'Other', 'x', 'TESTER', now())`,
    [ids.user, ids.other, `t-${ids.user}@example.org`, `o-${ids.other}@example.org`],
  );
  await client.query("INSERT INTO projects (id, name, primary_url, created_by, updated_at) VALUES ($1, 'Site', 'https://site.example', $2, now())", [ids.project, ids.user]);
  const session = (id: string, name: string, status: string, approach = "automated", extra: { started?: boolean; failure?: string } = {}) =>
    client.query(
      `INSERT INTO test_sessions (id, project_id, name, status, testing_approach, scope, started_at, completed_at, failure_reason, created_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, '{"urls": ["https://site.example/"]}', $6, $7, $8, $9, now())`,
      [id, ids.project, name, status, approach, extra.started ? at : null, ["completed", "failed", "cancelled"].includes(status) ? at : null, extra.failure ?? null, ids.user],
    );
  await session(ids.completed!, "completed", "completed", "automated", { started: true });
  await session(ids.draft!, "draft", "draft");
  await session(ids.manual!, "manual", "completed", "manual");
  await session(ids.failed!, "failed", "failed", "automated", { failure: "The scope lists no http(s) page to scan." });
  await session(ids.running!, "running", "running", "automated", { started: true });
  await session(ids.cancelled!, "cancelled", "cancelled", "automated", { started: true });
  // The scan of "completed" was started by "other" (its audit event says so); the session's own creator did not.
  await client.query(
    `INSERT INTO audit_events (id, actor_id, action, record_type, record_id, created_at) VALUES
     (gen_random_uuid(), $2, 'session.scan_start', 'test_session', $1, '2026-11-29T00:00:00Z'),
     (gen_random_uuid(), $3, 'session.scan_start', 'test_session', $1, '2026-11-30T00:00:00Z'),
     (gen_random_uuid(), $2, 'session.scan_start', 'test_session', $4, '2026-11-30T00:00:00Z')`,
    [ids.completed, ids.user, ids.other, ids.running],
  );
  const page = (session: string, url: string, state: string, version: string | null) =>
    client
      .query<{ id: string }>(
        `INSERT INTO page_results (id, session_id, url, state, engine, engine_version, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, now()) RETURNING id::text`,
        [session, url, state, version ? "axe-core" : null, version],
      )
      .then((result) => result.rows[0]!.id);
  const home = await page(ids.completed!, "https://site.example/", "done", "4.10.2");
  const about = await page(ids.completed!, "https://site.example/about", "done", "4.10.2");
  await page(ids.completed!, "https://site.example/broken", "error", null);
  const runningHome = await page(ids.running!, "https://site.example/", "done", "4.10.2");
  await page(ids.running!, "https://site.example/a", "scanning", null);
  await page(ids.running!, "https://site.example/b", "pending", null);
  await page(ids.cancelled!, "https://site.example/", "done", "4.10.0");
  const finding = (session: string, pageId: string, rule: string, kind: string, fingerprint: string, status = "open") =>
    client
      .query<{ id: string }>(
        `INSERT INTO violations (id, session_id, page_result_id, rule_id, kind, impact, wcag_criteria, tags, selector, html, summary, fingerprint, status, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, 'serious', ARRAY['1.1.1'], ARRAY['wcag2a'], '#' || $3, '<img src="x">', 'Fix it', $5, $6, now()) RETURNING id::text`,
        [session, pageId, rule, kind, fingerprint, status],
      )
      .then((result) => result.rows[0]!.id);
  const logo = await finding(ids.completed!, home, "image-alt", "violation", "fp-logo", "false_positive");
  await finding(ids.completed!, home, "label", "violation", "fp-label");
  await finding(ids.completed!, about, "image-alt", "violation", "fp-about");
  await finding(ids.completed!, about, "button-name", "violation", "fp-button");
  await finding(ids.completed!, about, "color-contrast", "needs_review", "fp-contrast");
  await finding(ids.running!, runningHome, "image-alt", "violation", "fp-logo", "false_positive");
  await client.query(
    `INSERT INTO screenshots (id, session_id, page_result_id, violation_id, kind, mime_type, width, height, data, clip_x, clip_y) VALUES
     (gen_random_uuid(), $1, $2, NULL, 'page', 'image/jpeg', 100, 100, '\\x00ff', NULL, NULL),
     (gen_random_uuid(), $1, $2, $3, 'element', 'image/jpeg', 10, 10, NULL, 1, 2),
     (gen_random_uuid(), $4, $5, NULL, 'page', 'image/jpeg', 100, 100, '\\x00ff', NULL, NULL)`,
    [ids.completed, home, logo, ids.running, runningHome],
  );
  await client.query(
    "INSERT INTO triage_decisions (id, project_id, fingerprint, status, reason, decided_by, updated_at) VALUES (gen_random_uuid(), $1, 'fp-logo', 'false_positive', 'Decorative', $2, now())",
    [ids.project, ids.user],
  );
}
