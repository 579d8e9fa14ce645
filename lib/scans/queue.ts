/**
 * The scan queue is the page_results table itself: a `pending` row is a job. Workers claim rows
 * with FOR UPDATE SKIP LOCKED and hold them with a lease (state `scanning`, updated_at renewed
 * by a heartbeat). `attempts` doubles as the fencing token: a result is written only if the row
 * is still `scanning` under the same attempt, in the one transaction that stores the findings,
 * so a page whose worker died (kill -9) is retried by another worker after the lease expires
 * and is never recorded twice.
 *
 * What a worker runs for every page (claim, lease renewal, storing the result, the idle check)
 * is plain SQL on the pg pool under Prisma (see sqlPool in lib/db.ts), each a single statement.
 */
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import type pg from "pg";
import { db, sqlPool, type DbTransaction } from "@/lib/db";
import type { SessionStatus } from "@/lib/generated/prisma/enums";
import { fingerprintFinding } from "@/lib/results/fingerprint";
import { transitionSession } from "@/lib/sessions/lifecycle";
import { isOnSite } from "@/lib/sessions/schema";
import type { WcagVersion } from "@/lib/generated/prisma/enums";
import { tagsForLevel, type WcagVersionName } from "@/lib/wcag/criteria";
import type { PageScanFailure, PageScanResult, PageScanSuccess } from "./page-scan";
import { scanOptionsSchema, scanScopeSchema, type ScanOptions, type ScanScope } from "./schema";
import { normalizeUrl, originOf, passesFilters } from "./url";

const WCAG_VERSION_NAMES: Record<WcagVersion, WcagVersionName> = { v2_1: "2.1", v2_2: "2.2" };

/** A worker that dies this many times on the same page gets the page recorded as an error. */
export const MAX_ATTEMPTS = 3;

export type ClaimedPage = {
  id: string;
  sessionId: string;
  url: string;
  depth: number;
  attempt: number;
  /** The session's status and start time when the page was claimed (a new run starts queued). */
  sessionStatus: SessionStatus;
  sessionStartedAt: Date | null;
};

export class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

const seconds = (ms: number) => ms / 1000;

/** Takes the next page to scan, or null when there is none. */
export async function claimPage(leaseMs: number): Promise<ClaimedPage | null> {
  const { rows } = await sqlPool().query<ClaimedPage>(
    `WITH candidate AS (
       SELECT p.id
       FROM page_results p
       JOIN test_sessions s ON s.id = p.session_id
       WHERE s.status IN ('queued', 'running')
         AND s.cancel_requested_at IS NULL
         AND (p.state = 'pending'
              OR (p.state = 'scanning' AND p.attempts < $1
                  AND p.updated_at < now() - make_interval(secs => $2)))
       ORDER BY p.depth, p.created_at, p.id
       LIMIT 1
       FOR UPDATE OF p SKIP LOCKED
     )
     UPDATE page_results p
     SET state = 'scanning', attempts = p.attempts + 1, updated_at = now()
     FROM candidate, test_sessions s
     WHERE p.id = candidate.id AND s.id = p.session_id
     RETURNING p.id::text AS id, p.session_id::text AS "sessionId", p.url, p.depth, p.attempts AS attempt,
               s.status AS "sessionStatus", s.started_at AS "sessionStartedAt"`,
    [MAX_ATTEMPTS, seconds(leaseMs)],
  );
  return rows[0] ?? null;
}

/** Renews the lease; tells the worker to stop if the lease was lost or a cancel was requested. */
export async function renewLease(page: ClaimedPage): Promise<"ok" | "lost" | "cancelled"> {
  const { rows } = await sqlPool().query<{ cancelled: boolean }>(
    `UPDATE page_results p SET updated_at = now()
     FROM test_sessions s
     WHERE p.id = $1 AND p.state = 'scanning' AND p.attempts = $2 AND s.id = p.session_id
     RETURNING s.cancel_requested_at IS NOT NULL AS cancelled`,
    [page.id, page.attempt],
  );
  const row = rows[0];
  if (!row) return "lost";
  return row.cancelled ? "cancelled" : "ok";
}

/**
 * Gives a page back unscanned: deleted when its session is being cancelled (it was never
 * scanned), returned to the queue without using up an attempt when the worker shuts down.
 */
export async function releasePage(page: ClaimedPage, reason: "cancelled" | "shutdown"): Promise<void> {
  if (reason === "cancelled") {
    await db.pageResult.deleteMany({ where: { id: page.id, state: "scanning", attempts: page.attempt } });
  } else {
    await db.$executeRaw`
      UPDATE page_results SET state = 'pending', attempts = attempts - 1, updated_at = now()
      WHERE id = ${page.id}::uuid AND state = 'scanning' AND attempts = ${page.attempt}`;
  }
}

export type ScanJob = {
  sessionId: string;
  /** Identifies the run: a re-scan of the session starts at a new time. */
  startedAt: Date | null;
  projectId: string;
  scope: ScanScope;
  options: ScanOptions;
  tags: string[];
  /** Origins a page may end on after redirects. */
  allowedOrigins: Set<string>;
  primaryUrl: string;
  /** The auth config to sign in with: the session's own, else the project's default, unless the session turned sign-in off. */
  authConfigId: string | null;
};

/** What a worker needs to scan a session's pages; null when the session no longer parses. */
export async function loadScanJob(sessionId: string): Promise<ScanJob | null> {
  const session = await db.testSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      projectId: true,
      scope: true,
      scanOptions: true,
      wcagVersion: true,
      wcagLevel: true,
      startedAt: true,
      authConfigId: true,
      authMode: true,
      project: { select: { primaryUrl: true, defaultAuthConfigId: true } },
    },
  });
  if (!session) return null;
  const scope = scanScopeSchema.safeParse(session.scope);
  const options = scanOptionsSchema.safeParse(session.scanOptions ?? {});
  if (!scope.success || !options.success) return null;
  const allowedOrigins = new Set<string>([originOf(session.project.primaryUrl)]);
  for (const url of scope.data.urls) allowedOrigins.add(originOf(url));
  if (scope.data.startUrl) allowedOrigins.add(originOf(scope.data.startUrl));
  return {
    sessionId: session.id,
    startedAt: session.startedAt,
    projectId: session.projectId,
    scope: scope.data,
    options: options.data,
    tags: tagsForLevel(WCAG_VERSION_NAMES[session.wcagVersion], session.wcagLevel),
    allowedOrigins,
    primaryUrl: session.project.primaryUrl,
    authConfigId: session.authMode === "none" ? null : (session.authConfigId ?? session.project.defaultAuthConfigId),
  };
}

/** The queued session of a claimed page starts running (once, whichever worker gets there first). */
export async function markSessionRunning(sessionId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const status = await lockSessionStatus(tx, sessionId);
    if (status === "queued") {
      await transitionSession(tx, sessionId, "running");
      await recordAudit(tx, null, { action: "session.scan_running", recordType: "test_session", recordId: sessionId });
    }
  });
}

async function lockSessionStatus(tx: DbTransaction, sessionId: string) {
  const [row] = await tx.$queryRaw<Array<{ status: SessionStatus }>>`
    SELECT status FROM test_sessions WHERE id = ${sessionId}::uuid FOR UPDATE`;
  return row?.status;
}

/**
 * Links a crawl may follow from a page at `depth`: same origin as the start URL (which must be
 * on the project's site), within the depth limit and the include/exclude patterns.
 */
export function selectCrawlLinks(job: ScanJob, links: readonly string[], depth: number): string[] {
  const { startUrl, maxDepth, include, exclude } = job.scope;
  if (!startUrl || depth + 1 > maxDepth) return [];
  const origin = originOf(startUrl);
  if (!isOnSite(startUrl, job.primaryUrl)) return [];
  return links.filter((link) => originOf(link) === origin && passesFilters(link, include, exclude));
}

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
    await addDiscoveredPages(client, page.sessionId, job.scope.maxPages, discovered);
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
             RETURNING id, session_id
           ),
           -- What a page that failed to sign in showed (masked), so the failure can be seen.
           shot_added AS (
             INSERT INTO screenshots (id, session_id, page_result_id, kind, mime_type, width, height, data)
             SELECT gen_random_uuid(), page.session_id, page.id, 'page', 'image/jpeg', $7::int, $8::int, $9::bytea
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
      fingerprint: fingerprintFinding({ ruleId: finding.ruleId, selector: finding.selector, url: page.url }),
      clip: box ?? null,
    };
  });
  const shot = result.pageShot;
  return {
    text: `WITH page AS (
             UPDATE page_results
             SET state = 'done', error = NULL, http_status = $3, title = $4, load_ms = $5, scan_ms = $6, engine = $7,
                 engine_version = $8, passes = $9, incomplete = $10, authenticated = $17, scanned_at = now(), updated_at = now()
             WHERE id = $1 AND state = 'scanning' AND attempts = $2
             RETURNING id, session_id
           ),
           found AS (
             SELECT * FROM jsonb_to_recordset($11::jsonb) AS f(
               id uuid, rule_id text, kind "FindingKind", impact "Impact", wcag_criteria text[], tags text[], selector text,
               html text, summary text, help text, help_url text, fingerprint text, clip jsonb)
           ),
           findings_added AS (
             INSERT INTO violations (id, session_id, page_result_id, rule_id, kind, impact, wcag_criteria, tags, selector, html,
                                     summary, help, help_url, fingerprint, status, status_reason, updated_at)
             SELECT f.id, page.session_id, page.id, f.rule_id, f.kind, f.impact, f.wcag_criteria, f.tags, f.selector, f.html,
                    f.summary, f.help, f.help_url, f.fingerprint, coalesce(d.status, 'open'), d.reason, now()
             FROM found f CROSS JOIN page
             LEFT JOIN triage_decisions d ON d.project_id = $12::uuid AND d.fingerprint = f.fingerprint
           ),
           page_shot_added AS (
             INSERT INTO screenshots (id, session_id, page_result_id, kind, mime_type, width, height, data)
             SELECT gen_random_uuid(), page.session_id, page.id, 'page', $13::text, $14::int, $15::int, $16::bytea
             FROM page WHERE $16::bytea IS NOT NULL
           ),
           element_shots_added AS (
             INSERT INTO screenshots (id, session_id, page_result_id, violation_id, kind, mime_type, width, height, clip_x, clip_y)
             SELECT gen_random_uuid(), page.session_id, page.id, f.id, 'element', $13::text,
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
    ],
  };
}

/** Plans newly found pages, in discovery order, up to the session's page limit. */
async function addDiscoveredPages(
  client: pg.PoolClient,
  sessionId: string,
  maxPages: number,
  discovered: ReadonlyArray<{ url: string; depth: number }>,
): Promise<void> {
  // Serialises discovery per session, so concurrent workers cannot overshoot maxPages.
  await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [sessionId]);
  await client.query(
    `INSERT INTO page_results (id, session_id, url, depth, updated_at)
     SELECT gen_random_uuid(), $1::uuid, found.url, found.depth, now()
     FROM (
       SELECT DISTINCT ON (url) url, depth, position
       FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS d(url, depth, position)
       ORDER BY url, position
     ) found
     WHERE NOT EXISTS (SELECT 1 FROM page_results p WHERE p.session_id = $1::uuid AND p.url = found.url)
     ORDER BY found.position
     LIMIT greatest(0, $4::int - (SELECT count(*) FROM page_results WHERE session_id = $1::uuid))
     ON CONFLICT (session_id, url) DO NOTHING`,
    [sessionId, discovered.map((page) => page.url), discovered.map((page) => page.depth), maxPages],
  );
}

/**
 * Completes a running session whose pages are all scanned, or cancels one whose cancel was
 * requested once nothing is being scanned any more (pages never started are dropped, pages
 * already scanned are kept). Safe to call from any worker at any time.
 */
export async function finishSessionIfIdle(sessionId: string, leaseMs: number): Promise<SessionStatus | undefined> {
  // The common case, mid-scan: one cheap read instead of a locking transaction.
  const {
    rows: [quick],
  } = await sqlPool().query<{ busy: boolean }>(
    `SELECT s.cancel_requested_at IS NULL
            AND EXISTS (SELECT 1 FROM page_results p WHERE p.session_id = s.id AND p.state IN ('pending', 'scanning')) AS busy
     FROM test_sessions s WHERE s.id = $1`,
    [sessionId],
  );
  if (!quick || quick.busy) return undefined;
  return db.$transaction(async (tx) => {
    const [session] = await tx.$queryRaw<Array<{ status: SessionStatus; cancelRequested: boolean }>>`
      SELECT status, cancel_requested_at IS NOT NULL AS "cancelRequested"
      FROM test_sessions WHERE id = ${sessionId}::uuid FOR UPDATE`;
    if (!session || (session.status !== "queued" && session.status !== "running")) return session?.status;
    const [counts = { open: 0, live: 0 }] = await tx.$queryRaw<Array<{ open: number; live: number }>>`
      SELECT count(*) FILTER (WHERE state IN ('pending', 'scanning'))::int AS open,
             count(*) FILTER (WHERE state = 'scanning' AND updated_at >= now() - make_interval(secs => ${seconds(leaseMs)}))::int AS live
      FROM page_results WHERE session_id = ${sessionId}::uuid`;
    if (session.cancelRequested) {
      if (counts.live > 0) return session.status;
      const dropped = await tx.pageResult.deleteMany({ where: { sessionId, state: { in: ["pending", "scanning"] } } });
      await transitionSession(tx, sessionId, "cancelled");
      await recordAudit(tx, null, {
        action: "session.scan_cancelled",
        recordType: "test_session",
        recordId: sessionId,
        changes: { unscannedPagesDropped: dropped.count },
      });
      return "cancelled";
    }
    if (session.status !== "running" || counts.open > 0) return session.status;
    await transitionSession(tx, sessionId, "completed");
    await recordAudit(tx, null, { action: "session.scan_completed", recordType: "test_session", recordId: sessionId });
    return "completed";
  });
}

/**
 * Housekeeping any worker runs now and then: pages whose workers died MAX_ATTEMPTS times are
 * recorded as errors, and sessions left finished or cancelled by a dead worker are closed.
 */
export async function sweepScans(leaseMs: number): Promise<void> {
  await db.$executeRaw`
    UPDATE page_results
    SET state = 'error', updated_at = now(), scanned_at = now(),
        error = 'The worker scanning this page stopped responding ' || attempts || ' times; giving up on this page.'
    WHERE state = 'scanning' AND attempts >= ${MAX_ATTEMPTS}
      AND updated_at < now() - make_interval(secs => ${seconds(leaseMs)})`;
  const sessions = await db.$queryRaw<Array<{ id: string }>>`
    SELECT s.id::text AS id FROM test_sessions s
    WHERE s.status IN ('queued', 'running')
      AND (s.cancel_requested_at IS NOT NULL
           OR (s.status = 'running' AND NOT EXISTS (
                 SELECT 1 FROM page_results p WHERE p.session_id = s.id AND p.state IN ('pending', 'scanning'))))`;
  for (const session of sessions) await finishSessionIfIdle(session.id, leaseMs);
}

/** Normalised, de-duplicated seed pages of a scope: the listed URLs and the start URL, at depth 0. */
export function seedUrls(scope: ScanScope): string[] {
  const seeds = [...scope.urls, ...(scope.startUrl ? [scope.startUrl] : [])].map((url) => normalizeUrl(url));
  return [...new Set(seeds.filter((url) => url !== undefined))];
}
