/**
 * The benchmarks' data set: 2,000 projects, 20,000 sessions, 100,000 pages and 500,000 findings
 * (SQL generate_series), shared by bench:projects and bench:api.
 */
import { performance } from "node:perf_hooks";
import type pg from "pg";

const PROJECTS = 2_000;
const SESSIONS_PER_PROJECT = 10;
const PAGES_PER_SESSION = 5;
const FINDINGS_PER_PAGE = 5;

/** Loads the data set into an empty, migrated database; returns the id of its one (admin) user. */
export async function loadProjectsDataset(client: pg.Client): Promise<{ userId: string }> {
  const started = performance.now();
  const {
    rows: [user],
  } = await client.query<{ id: string }>(
    `INSERT INTO users (id, email, name, password_hash, role, updated_at)
     VALUES (gen_random_uuid(), 'bench@example.test', 'Bench', 'not-a-hash', 'ADMIN', now()) RETURNING id`,
  );
  await client.query(
    `INSERT INTO projects (id, name, client_name, primary_url, status, last_activity_at, created_by, created_at, updated_at)
     SELECT gen_random_uuid(),
            'Project ' || lpad(i::text, 4, '0') || ' ' || (ARRAY['Alpha','Bravo','Charlie','Delta','Echo'])[1 + i % 5],
            'Client ' || (i % 150),
            'https://site-' || i || '.example.org/',
            (CASE WHEN i % 20 = 0 THEN 'archived' WHEN i % 10 = 0 THEN 'paused' ELSE 'active' END)::"ProjectStatus",
            now() - make_interval(mins => (i * 37) % 100000),
            $1, now(), now()
     FROM generate_series(1, $2::int) AS i`,
    [user!.id, PROJECTS],
  );
  await client.query(
    `INSERT INTO test_sessions (id, project_id, name, status, created_by, created_at, updated_at, completed_at, scope)
     SELECT gen_random_uuid(), p.id, 'Session ' || s, 'completed', $1,
            now() - make_interval(days => s, mins => (random() * 600)::int), now(), now(),
            jsonb_build_object('urls', jsonb_build_array(p.primary_url))
     FROM projects p CROSS JOIN generate_series(1, $2::int) AS s`,
    [user!.id, SESSIONS_PER_PROJECT],
  );
  // Each session's results are its run 1.
  await client.query(
    `INSERT INTO scan_runs (id, session_id, number, status, completed_at, updated_at)
     SELECT gen_random_uuid(), s.id, 1, 'completed', s.completed_at, now() FROM test_sessions s`,
  );
  await client.query(
    `INSERT INTO page_results (id, session_id, run_id, url, state, updated_at)
     SELECT gen_random_uuid(), r.session_id, r.id, 'https://page.example.org/' || n, 'done', now()
     FROM scan_runs r CROSS JOIN generate_series(1, $1::int) AS n`,
    [PAGES_PER_SESSION],
  );
  // One finding in ten needs review; the rest are violations.
  await client.query(
    `INSERT INTO violations (id, session_id, run_id, page_result_id, rule_id, kind, impact, selector, html, updated_at)
     SELECT gen_random_uuid(), pr.session_id, pr.run_id, pr.id, 'rule-' || n,
            (CASE WHEN n = 1 AND random() < 0.5 THEN 'needs_review' ELSE 'violation' END)::"FindingKind",
            'serious', '#el-' || n, '<div></div>', now()
     FROM page_results pr CROSS JOIN generate_series(1, $1::int) AS n`,
    [FINDINGS_PER_PAGE],
  );
  await client.query("ANALYZE");
  const counts = await client.query<{ projects: number; sessions: number; pages: number; violations: number }>(
    `SELECT (SELECT count(*)::int FROM projects) AS projects, (SELECT count(*)::int FROM test_sessions) AS sessions,
            (SELECT count(*)::int FROM page_results) AS pages, (SELECT count(*)::int FROM violations) AS violations`,
  );
  const c = counts.rows[0]!;
  console.log(
    `Loaded ${c.projects} projects, ${c.sessions} sessions, ${c.pages} pages, ${c.violations} findings in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
  return { userId: user!.id };
}

