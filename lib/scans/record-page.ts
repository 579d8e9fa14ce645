/**
 * Storing a scanned page: its outcome, findings and screenshots, and the pages it led to, in
 * one statement (or one transaction with the discovered pages), fenced by the page's attempt
 * (see claim.ts).
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { sqlPool } from "@/lib/db";
import { fingerprintFinding } from "@/lib/results/fingerprint";
import { LeaseLostError, type ClaimedPage } from "./claim";
import type { ScanJob } from "./job";
import type { PageScanFailure, PageScanResult, PageScanSuccess } from "./page-scan";

/** Stores a page's outcome, its findings and screenshots, and the pages it led to, atomically. */
export async function recordPageResult(
  page: ClaimedPage,
  job: ScanJob,
  result: PageScanResult,
  discovered: ReadonlyArray<{ url: string; depth: number }>,
): Promise<void> {
  const record = result.ok ? storeScannedPage(page, job, result) : storeFailedPage(page, result);
  const store = async (on: pg.Pool | pg.PoolClient) => {
    const { rows } = await on.query<{ stored: number }>(record);
    if (rows[0]?.stored !== 1) throw new LeaseLostError(`Lost the lease on ${page.url}.`);
  };
  if (discovered.length === 0) return store(sqlPool());
  const client = await sqlPool().connect();
  try {
    await client.query("BEGIN");
    await store(client);
    await addDiscoveredPages(client, page, job.scope.maxPages, discovered);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

type Statement = { text: string; values: unknown[] };

function storeFailedPage(page: ClaimedPage, result: PageScanFailure): Statement {
  return {
    text: `WITH page AS (
             UPDATE page_results
             SET state = 'error', error = $3, http_status = $4, title = $5, load_ms = $6, authenticated = false, scanned_at = now(), updated_at = now()
             WHERE id = $1 AND state = 'scanning' AND attempts = $2
             RETURNING id, session_id, run_id
           ),
           -- What a page that failed to sign in showed (masked), so the failure can be seen.
           shot_added AS (
             INSERT INTO screenshots (id, session_id, run_id, page_result_id, kind, mime_type, width, height, data)
             SELECT gen_random_uuid(), page.session_id, page.run_id, page.id, 'page', 'image/jpeg', $7::int, $8::int, $9::bytea
             FROM page WHERE $9::bytea IS NOT NULL
           )
           SELECT count(*)::int AS stored FROM page`,
    values: [page.id, page.attempt, result.error, result.httpStatus, result.title, result.loadMs, result.shot?.width ?? null, result.shot?.height ?? null, result.shot?.data ?? null],
  };
}

/**
 * One statement: the page (only while this attempt still holds it), its findings with the
 * triage status their fingerprints already have in the project, the page screenshot, and the
 * element screenshots as regions of it (one for every finding on a located element, so each
 * finding's detail shows its element).
 */
function storeScannedPage(page: ClaimedPage, job: ScanJob, result: PageScanSuccess): Statement {
  const findings = result.findings.map((finding) => {
    const index = finding.screenshotIndex;
    const box = index === null || !result.pageShot ? undefined : result.elementBoxes[index];
    return {
      id: randomUUID(),
      rule_id: finding.ruleId,
      kind: finding.kind,
      impact: finding.impact,
      wcag_criteria: finding.wcagCriteria,
      tags: finding.tags,
      selector: finding.selector,
      html: finding.html,
      summary: finding.summary,
      help: finding.help,
      help_url: finding.helpUrl,
      sources: finding.sources,
      fingerprint: fingerprintFinding({ ruleId: finding.ruleId, selector: finding.selector, url: page.url }),
      clip: box ?? null,
    };
  });
  const shot = result.pageShot;
  return {
    text: `WITH page AS (
             UPDATE page_results
             SET state = 'done', error = NULL, http_status = $3, title = $4, load_ms = $5, scan_ms = $6, engine = $7,
                 engine_version = $8, engines = $18::jsonb, passes = $9, incomplete = $10, authenticated = $17, scanned_at = now(), updated_at = now()
             WHERE id = $1 AND state = 'scanning' AND attempts = $2
             RETURNING id, session_id, run_id
           ),
           found AS (
             SELECT * FROM jsonb_to_recordset($11::jsonb) AS f(
               id uuid, rule_id text, kind "FindingKind", impact "Impact", wcag_criteria text[], tags text[], selector text,
               html text, summary text, help text, help_url text, sources jsonb, fingerprint text, clip jsonb)
           ),
           findings_added AS (
             INSERT INTO violations (id, session_id, run_id, page_result_id, rule_id, kind, impact, wcag_criteria, tags, selector, html,
                                     summary, help, help_url, sources, fingerprint, status, status_reason, updated_at)
             SELECT f.id, page.session_id, page.run_id, page.id, f.rule_id, f.kind, f.impact, f.wcag_criteria, f.tags, f.selector, f.html,
                    f.summary, f.help, f.help_url, coalesce(f.sources, '[]'::jsonb), f.fingerprint, coalesce(d.status, 'open'), d.reason, now()
             FROM found f CROSS JOIN page
             LEFT JOIN triage_decisions d ON d.project_id = $12::uuid AND d.fingerprint = f.fingerprint
           ),
           page_shot_added AS (
             INSERT INTO screenshots (id, session_id, run_id, page_result_id, kind, mime_type, width, height, data)
             SELECT gen_random_uuid(), page.session_id, page.run_id, page.id, 'page', $13::text, $14::int, $15::int, $16::bytea
             FROM page WHERE $16::bytea IS NOT NULL
           ),
           element_shots_added AS (
             INSERT INTO screenshots (id, session_id, run_id, page_result_id, violation_id, kind, mime_type, width, height, clip_x, clip_y)
             SELECT gen_random_uuid(), page.session_id, page.run_id, page.id, f.id, 'element', $13::text,
                    (f.clip->>'width')::int, (f.clip->>'height')::int, (f.clip->>'x')::int, (f.clip->>'y')::int
             FROM found f CROSS JOIN page WHERE f.clip IS NOT NULL
           )
           SELECT count(*)::int AS stored FROM page`,
    values: [
      page.id,
      page.attempt,
      result.httpStatus,
      result.title,
      result.loadMs,
      result.scanMs,
      result.engine,
      result.engineVersion,
      result.passes,
      result.incomplete,
      JSON.stringify(findings),
      job.projectId,
      shot?.mimeType ?? "image/jpeg",
      shot?.width ?? null,
      shot?.height ?? null,
      shot?.data ?? null,
      result.authenticated ?? false,
      JSON.stringify(result.engines),
    ],
  };
}

/** Plans newly found pages, in discovery order, up to the session's page limit, in the page's run. */
async function addDiscoveredPages(
  client: pg.PoolClient,
  page: ClaimedPage,
  maxPages: number,
  discovered: ReadonlyArray<{ url: string; depth: number }>,
): Promise<void> {
  // Serialises discovery per run, so concurrent workers cannot overshoot maxPages.
  await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [page.runId]);
  await client.query(
    `INSERT INTO page_results (id, session_id, run_id, url, depth, updated_at)
     SELECT gen_random_uuid(), $5::uuid, $1::uuid, found.url, found.depth, now()
     FROM (
       SELECT DISTINCT ON (url) url, depth, position
       FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS d(url, depth, position)
       ORDER BY url, position
     ) found
     WHERE NOT EXISTS (SELECT 1 FROM page_results p WHERE p.run_id = $1::uuid AND p.url = found.url)
     ORDER BY found.position
     LIMIT greatest(0, $4::int - (SELECT count(*) FROM page_results WHERE run_id = $1::uuid))
     ON CONFLICT (run_id, url) DO NOTHING`,
    [page.runId, discovered.map((found) => found.url), discovered.map((found) => found.depth), maxPages, page.sessionId],
  );
}
