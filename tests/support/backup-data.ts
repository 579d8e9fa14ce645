/**
 * A database with a row in every table and the values backups get wrong: JSON null vs SQL NULL,
 * nested JSON with escapes, unicode, arrays with awkward elements, 1 MB strings, every byte
 * value in bytea, timestamps with milliseconds, an encrypted secret.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { encryptSecret } from "@/lib/crypto";
import { listBackupTables, readTableColumns, selectRowsAsJson } from "@/lib/backups/tables";

export type SeededIds = { adminId: string; adminEmail: string; projectId: string; sessionId: string; runId: string; pageId: string };

export const AWKWARD_TEXT = 'Zoë 🚀 "quoted" \\ back\\slash\nnew line\ttab ünïcödé 日本語 \u0001 end';

export async function withClient<T>(databaseUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function seedBackupData(databaseUrl: string, options: { bulkViolations?: number } = {}): Promise<SeededIds> {
  return withClient(databaseUrl, async (client) => {
    const adminId = randomUUID();
    const testerId = randomUUID();
    const adminEmail = `admin-${adminId.slice(0, 8)}@example.org`;
    const projectId = randomUUID();
    const archivedProjectId = randomUUID();
    const authConfigId = randomUUID();
    const sessionId = randomUUID();
    const secondSessionId = randomUUID();
    const runId = randomUUID();
    const secondRunId = randomUUID();
    const pageId = randomUUID();
    const secondPageId = randomUUID();
    const violationId = randomUUID();
    const bigViolationId = randomUUID();
    const at = "2025-01-02T03:04:05.678Z";

    await client.query("BEGIN");
    await client.query(
      `INSERT INTO users (id, email, name, password_hash, role, created_at, updated_at, last_login_at) VALUES
       ($1, $2, $3, '$argon2id$v=19$m=19456,t=2,p=1$abc$def', 'ADMIN', '2024-01-01T00:00:00.001Z', $5, $5),
       ($4, $6, 'Tester', 'hash', 'TESTER', '2024-02-01T00:00:00.999Z', $5, NULL)`,
      [adminId, adminEmail, AWKWARD_TEXT, testerId, at, `tester-${testerId.slice(0, 8)}@example.org`],
    );
    await client.query("INSERT INTO login_throttles (email, failures, locked_until, updated_at) VALUES ('nobody@example.org', 3, $1, $1)", [at]);
    await client.query(
      `INSERT INTO projects (id, name, client_name, primary_url, description, status, archived_at, created_by, created_at, updated_at) VALUES
       ($1, $3, NULL, 'https://example.org', $3, 'active', NULL, $4, $5, $5),
       ($2, 'Archived', 'Client', 'https://archived.example.org', NULL, 'archived', $5, $4, $5, $5)`,
      [projectId, archivedProjectId, AWKWARD_TEXT, adminId, at],
    );
    await client.query(
      `INSERT INTO auth_configs (id, name, type, domain, username, secret_encrypted, secret_updated_at, settings, project_id, created_by, updated_at) VALUES
       ($1, 'Login', 'form', 'example.org', 'user', $2, $4, $3, $5, $6, $4),
       ($7, 'No secret', 'basic', 'example.org', NULL, NULL, NULL, '{}', NULL, $6, $4)`,
      [authConfigId, encryptSecret("s3cret ✓"), JSON.stringify({ selectors: { user: "#u", pass: "#p" }, note: AWKWARD_TEXT, n: 1.5e300, empty: [] }), at, projectId, adminId, randomUUID()],
    );
    await client.query(
      `INSERT INTO test_sessions (id, project_id, name, status, testing_approach, wcag_version, wcag_level, scope, scan_options, auth_config_id, started_at, created_by, created_at, updated_at) VALUES
       ($1, $3, 'Session', 'completed', 'hybrid', '2.1', 'AAA', $4, 'null'::jsonb, $5, $6, $7, $6, $6),
       ($2, $3, 'Draft', 'draft', 'automated', '2.2', 'AA', '{}', '{"viewport": {"width": 320}}', NULL, NULL, $7, $6, $6)`,
      [sessionId, secondSessionId, projectId, JSON.stringify({ urls: ["https://example.org/ä?q=1&r=\"x\""], nested: { deep: [1, null, true, "\\"] } }), authConfigId, at, adminId],
    );
    // Two runs of the session: run 1 holds the results, run 2 is a later one that failed.
    await client.query(
      `INSERT INTO scan_runs (id, session_id, number, trigger, triggered_by, api_token_id, schedule_id, status, queued_at, started_at, completed_at,
                              pages_planned, pages_done, pages_failed, violations, needs_review, engine_versions, failure_reason, updated_at) VALUES
       ($1, $3, 1, 'user', $4, NULL, NULL, 'completed', $5, $5, $5, 2, 1, 1, 1, 1, '{"axe-core": "4.11.0"}', NULL, $5),
       ($2, $3, 2, 'schedule', NULL, NULL, $6, 'failed', $5, NULL, $5, 0, 0, 0, 0, 0, '{}', $7, $5)`,
      [runId, secondRunId, sessionId, adminId, at, randomUUID(), AWKWARD_TEXT],
    );
    await client.query(
      `INSERT INTO page_results (id, session_id, run_id, url, state, depth, attempts, http_status, title, load_ms, scan_ms, passes, incomplete, scanned_at, updated_at) VALUES
       ($1, $3, $6, 'https://example.org', 'done', 0, 1, 200, $4, 120, 340, 40, 2, $5, $5),
       ($2, $3, $6, 'https://example.org/other', 'error', 1, 3, NULL, NULL, NULL, NULL, 0, 0, NULL, $5)`,
      [pageId, secondPageId, sessionId, AWKWARD_TEXT, at, runId],
    );
    await client.query(
      `INSERT INTO violations (id, session_id, run_id, page_result_id, rule_id, kind, impact, wcag_criteria, tags, selector, html, summary, fingerprint, status, updated_at) VALUES
       ($1, $3, $8, $4, 'color-contrast', 'violation', 'serious', ARRAY['1.4.3'], ARRAY['wcag2aa', 'with,comma', 'with "quote"', ''], '#main > span', $5, NULL, 'fp1', 'open', $7),
       ($2, $3, $8, $4, 'image-alt', 'needs_review', NULL, ARRAY[]::text[], ARRAY[NULL, 'x']::text[], 'img', $6, $5, NULL, 'confirmed', $7)`,
      [violationId, bigViolationId, sessionId, pageId, AWKWARD_TEXT, `<div>${"é".repeat(512 * 1024)}</div>`, at, runId],
    );
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, value) => value));
    await client.query(
      `INSERT INTO screenshots (id, session_id, run_id, page_result_id, violation_id, kind, mime_type, width, height, data) VALUES
       ($1, $3, $8, $4, NULL, 'page', 'image/png', 1280, 800, $5),
       ($2, $3, $8, $4, $6, 'element', 'image/png', NULL, NULL, $7)`,
      [randomUUID(), randomUUID(), sessionId, pageId, Buffer.concat([everyByte, randomBytes(100_000)]), violationId, Buffer.alloc(0), runId],
    );
    await client.query(
      "INSERT INTO triage_decisions (id, project_id, fingerprint, status, reason, decided_by, updated_at) VALUES ($1, $2, 'fp1', 'false_positive', $3, $4, $5)",
      [randomUUID(), projectId, AWKWARD_TEXT, testerId, at],
    );
    await client.query(
      "INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, expires_at) VALUES ($1, $2, 'CI', $3, 'cs_abcd', $4)",
      [randomUUID(), adminId, randomBytes(32).toString("hex"), at],
    );
    await client.query(
      `INSERT INTO audit_events (id, actor_id, actor_email, action, record_type, record_id, changes, created_at) VALUES
       ($1, $5, $6, 'project.created', 'project', $7, '{"name": {"from": null, "to": "x"}}', $8),
       ($2, $5, $6, 'project.updated', 'project', $7, NULL, $8),
       ($3, NULL, NULL, 'system', 'project', $7, 'null'::jsonb, $8),
       ($4, NULL, NULL, 'system', 'project', $7, '"just a string"', $8)`,
      [randomUUID(), randomUUID(), randomUUID(), randomUUID(), adminId, adminEmail, projectId, at],
    );
    if (options.bulkViolations) {
      await client.query(
        `INSERT INTO violations (id, session_id, run_id, page_result_id, rule_id, impact, wcag_criteria, tags, selector, html, updated_at)
         SELECT gen_random_uuid(), $1, $4, $2, 'rule-' || (n % 50), 'moderate', ARRAY['1.1.1'], ARRAY['wcag2a', 'wcag111'],
                '#el-' || n, '<p class="x">' || repeat(md5(n::text), 8) || '</p>', now()
         FROM generate_series(1, $3) AS n`,
        [sessionId, secondPageId, options.bulkViolations, runId],
      );
    }
    await client.query("COMMIT");
    return { adminId, adminEmail, projectId, sessionId, runId, pageId };
  });
}

/** Every row of every backed-up table, as comparable text, in primary-key order. */
export async function snapshotTables(databaseUrl: string): Promise<Record<string, string[]>> {
  return withClient(databaseUrl, async (client) => {
    await client.query("SET TimeZone = 'UTC'; SET bytea_output = 'hex'");
    const specs = listBackupTables();
    const columns = await readTableColumns(client, specs.map((spec) => spec.name));
    const snapshot: Record<string, string[]> = {};
    for (const spec of specs) {
      const { rows } = await client.query<{ row: string }>(`SELECT j::text AS row FROM (${selectRowsAsJson(spec.name, columns.get(spec.name)!)}) x(j)`);
      snapshot[spec.name] = rows.map((row) => row.row).sort();
    }
    return snapshot;
  });
}

export async function countRows(databaseUrl: string): Promise<Record<string, number>> {
  return withClient(databaseUrl, async (client) => {
    const counts: Record<string, number> = {};
    for (const spec of listBackupTables()) {
      counts[spec.name] = Number((await client.query<{ count: string }>(`SELECT count(*) FROM "${spec.name}"`)).rows[0]!.count);
    }
    return counts;
  });
}

export async function wipeTables(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    await client.query(`TRUNCATE ${listBackupTables().map((spec) => `"${spec.name}"`).join(", ")} CASCADE`);
  });
}

/** Rows as parsed objects, serialised one way on both sides, sorted: comparable whatever printed them. */
function canonical(rows: string[]): string[] {
  return rows.map((row) => JSON.stringify(JSON.parse(row))).sort();
}

/** Per table: row count and SHA-256 of the canonical rows. */
export function checksumTables(snapshot: Record<string, string[]>): Record<string, { rows: number; sha256: string }> {
  return Object.fromEntries(
    Object.entries(snapshot).map(([table, rows]) => [table, { rows: rows.length, sha256: createHash("sha256").update(canonical(rows).join("\n")).digest("hex") }]),
  );
}

/**
 * What a restore should have added to a target: the source's rows with the rows that were
 * matched onto existing accounts left out and every reference to them (found in the catalog,
 * like the restore does) pointing at the account they were matched to.
 */
export function remapSnapshot(
  snapshot: Record<string, string[]>,
  mappings: Array<{ table: string; backupId: string; targetId: string }>,
  references: Array<{ table: string; column: string; parent: string }>,
): Record<string, string[]> {
  const mapped = new Map(mappings.map((mapping) => [`${mapping.table} ${mapping.backupId}`, mapping.targetId]));
  return Object.fromEntries(
    Object.entries(snapshot).map(([table, rows]) => {
      const columns = references.filter((reference) => reference.table === table);
      const kept = rows
        .map((text) => JSON.parse(text) as Record<string, unknown>)
        .filter((row) => !mapped.has(`${table} ${String(row.id)}`))
        .map((row) => {
          for (const { column, parent } of columns) {
            const target = mapped.get(`${parent} ${String(row[column])}`);
            if (target) row[column] = target;
          }
          return JSON.stringify(row);
        });
      return [table, kept];
    }),
  );
}

/** Rows of `after` that were not in `before` (multiset difference), per table. */
export function addedRows(before: Record<string, string[]>, after: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(after).map(([table, rows]) => {
      const existing = new Map<string, number>();
      for (const row of before[table] ?? []) existing.set(row, (existing.get(row) ?? 0) + 1);
      return [
        table,
        rows.filter((row) => {
          const left = existing.get(row) ?? 0;
          if (left === 0) return true;
          existing.set(row, left - 1);
          return false;
        }),
      ];
    }),
  );
}
