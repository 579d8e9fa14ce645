/**
 * The scan queue is the page_results table itself: a `pending` row is a job. Workers claim rows
 * with FOR UPDATE SKIP LOCKED and hold them with a lease (state `scanning`, updated_at renewed
 * by a heartbeat). `attempts` doubles as the fencing token: a result is written only if the row
 * is still `scanning` under the same attempt, in the one transaction that stores the findings,
 * so a page whose worker died (kill -9) is retried by another worker after the lease expires
 * and is never recorded twice.
 */
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import { db, type DbTransaction } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionStatus } from "@/lib/generated/prisma/enums";
import { fingerprintFinding } from "@/lib/results/fingerprint";
import { transitionSession } from "@/lib/sessions/lifecycle";
import { isOnSite } from "@/lib/sessions/schema";
import type { WcagVersion } from "@/lib/generated/prisma/enums";
import { tagsForLevel, type WcagVersionName } from "@/lib/wcag/criteria";
import type { PageScanResult } from "./page-scan";
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
  const rows = await db.$queryRaw<ClaimedPage[]>`
    WITH candidate AS (
      SELECT p.id
      FROM page_results p
      JOIN test_sessions s ON s.id = p.session_id
      WHERE s.status IN ('queued', 'running')
        AND s.cancel_requested_at IS NULL
        AND (p.state = 'pending'
             OR (p.state = 'scanning' AND p.attempts < ${MAX_ATTEMPTS}
                 AND p.updated_at < now() - make_interval(secs => ${seconds(leaseMs)})))
      ORDER BY p.depth, p.created_at, p.id
      LIMIT 1
      FOR UPDATE OF p SKIP LOCKED
    )
    UPDATE page_results p
    SET state = 'scanning', attempts = p.attempts + 1, updated_at = now()
    FROM candidate, test_sessions s
    WHERE p.id = candidate.id AND s.id = p.session_id
    RETURNING p.id::text AS id, p.session_id::text AS "sessionId", p.url, p.depth, p.attempts AS attempt,
              s.status AS "sessionStatus", s.started_at AS "sessionStartedAt"`;
  return rows[0] ?? null;
}

/** Renews the lease; tells the worker to stop if the lease was lost or a cancel was requested. */
export async function renewLease(page: ClaimedPage): Promise<"ok" | "lost" | "cancelled"> {
  const rows = await db.$queryRaw<Array<{ cancelled: boolean }>>`
    UPDATE page_results p SET updated_at = now()
    FROM test_sessions s
    WHERE p.id = ${page.id}::uuid AND p.state = 'scanning' AND p.attempts = ${page.attempt} AND s.id = p.session_id
    RETURNING s.cancel_requested_at IS NOT NULL AS cancelled`;
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
      project: { select: { primaryUrl: true } },
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
  await db.$transaction(
    async (tx) => {
      const common = { httpStatus: result.httpStatus, title: result.title, loadMs: result.loadMs, scannedAt: new Date() };
      const fenced = { id: page.id, state: "scanning" as const, attempts: page.attempt };
      if (!result.ok) {
        const { count } = await tx.pageResult.updateMany({ where: fenced, data: { ...common, state: "error", error: result.error } });
        if (count !== 1) throw new LeaseLostError(`Lost the lease on ${page.url}.`);
        return;
      }
      const { count } = await tx.pageResult.updateMany({
        where: fenced,
        data: {
          ...common,
          state: "done",
          error: null,
          scanMs: result.scanMs,
          engine: result.engine,
          engineVersion: result.engineVersion,
          passes: result.passes,
          incomplete: result.incomplete,
        },
      });
      if (count !== 1) throw new LeaseLostError(`Lost the lease on ${page.url}.`);

      const findings = result.findings.map((finding) => ({
        ...finding,
        id: randomUUID(),
        fingerprint: fingerprintFinding({ ruleId: finding.ruleId, selector: finding.selector, url: page.url }),
      }));
      const decisions = await tx.triageDecision.findMany({
        where: { projectId: job.projectId, fingerprint: { in: [...new Set(findings.map((finding) => finding.fingerprint))] } },
        select: { fingerprint: true, status: true, reason: true },
      });
      const decided = new Map(decisions.map((decision) => [decision.fingerprint, decision]));
      if (findings.length > 0) {
        await tx.violation.createMany({
          data: findings.map((finding) => ({
            id: finding.id,
            sessionId: page.sessionId,
            pageResultId: page.id,
            ruleId: finding.ruleId,
            kind: finding.kind,
            impact: finding.impact,
            wcagCriteria: finding.wcagCriteria,
            tags: finding.tags,
            selector: finding.selector,
            html: finding.html,
            summary: finding.summary,
            help: finding.help,
            helpUrl: finding.helpUrl,
            fingerprint: finding.fingerprint,
            status: decided.get(finding.fingerprint)?.status ?? "open",
            statusReason: decided.get(finding.fingerprint)?.reason ?? null,
          })),
        });
      }
      const shots: Prisma.ScreenshotCreateManyInput[] = [];
      if (result.pageShot) shots.push(screenshotRow(page, result.pageShot, "page", null));
      // Several findings can point at one element; its crop is stored once, with the first.
      const claimed = new Set<number>();
      for (const finding of findings) {
        const index = finding.screenshotIndex;
        const shot = index === null ? undefined : result.elementShots[index];
        if (index === null || !shot || claimed.has(index)) continue;
        claimed.add(index);
        shots.push(screenshotRow(page, shot, "element", finding.id));
      }
      if (shots.length > 0) await tx.screenshot.createMany({ data: shots });
      await addDiscoveredPages(tx, page.sessionId, job.scope.maxPages, discovered);
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

function screenshotRow(
  page: ClaimedPage,
  shot: { data: Buffer; width: number; height: number; mimeType: string },
  kind: "page" | "element",
  violationId: string | null,
): Prisma.ScreenshotCreateManyInput {
  return {
    sessionId: page.sessionId,
    pageResultId: page.id,
    violationId,
    kind,
    mimeType: shot.mimeType,
    width: shot.width,
    height: shot.height,
    data: Uint8Array.from(shot.data),
  };
}

/** Plans newly found pages, in discovery order, up to the session's page limit. */
async function addDiscoveredPages(
  tx: DbTransaction,
  sessionId: string,
  maxPages: number,
  discovered: ReadonlyArray<{ url: string; depth: number }>,
): Promise<void> {
  if (discovered.length === 0) return;
  // Serialises discovery per session, so concurrent workers cannot overshoot maxPages.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${sessionId}, 0))`;
  const [{ count } = { count: 0 }] = await tx.$queryRaw<Array<{ count: number }>>`
    SELECT count(*)::int AS count FROM page_results WHERE session_id = ${sessionId}::uuid`;
  const room = maxPages - count;
  if (room <= 0) return;
  const urls = [...new Set(discovered.map((page) => page.url))];
  const existing = await tx.pageResult.findMany({ where: { sessionId, url: { in: urls } }, select: { url: true } });
  const known = new Set(existing.map((page) => page.url));
  const fresh: Array<{ url: string; depth: number }> = [];
  for (const page of discovered) {
    if (fresh.length >= room) break;
    if (known.has(page.url)) continue;
    known.add(page.url);
    fresh.push(page);
  }
  if (fresh.length > 0) {
    await tx.pageResult.createMany({ data: fresh.map((page) => ({ sessionId, url: page.url, depth: page.depth })), skipDuplicates: true });
  }
}

/**
 * Completes a running session whose pages are all scanned, or cancels one whose cancel was
 * requested once nothing is being scanned any more (pages never started are dropped, pages
 * already scanned are kept). Safe to call from any worker at any time.
 */
export async function finishSessionIfIdle(sessionId: string, leaseMs: number): Promise<SessionStatus | undefined> {
  // The common case, mid-scan: one cheap read instead of a locking transaction.
  const [quick] = await db.$queryRaw<Array<{ busy: boolean }>>`
    SELECT s.cancel_requested_at IS NULL
           AND EXISTS (SELECT 1 FROM page_results p WHERE p.session_id = s.id AND p.state IN ('pending', 'scanning')) AS busy
    FROM test_sessions s WHERE s.id = ${sessionId}::uuid`;
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
