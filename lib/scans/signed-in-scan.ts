/**
 * Scanning a page of a session that signs in (see sign-in.ts): the lane signs in before its
 * first page, signs in again when a page shows the signed-out signal (and scans that page
 * again), and records a page that still cannot be seen signed in as an error that says so —
 * never as a scored page. A session whose very first sign-in fails ends failed with the reason.
 */
import type { Browser } from "playwright-core";
import { recordAuthConfigUse } from "@/lib/auth-configs/mutations";
import { readAuthConfigCredentials } from "@/lib/auth-configs/queries";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import { markRunRunning } from "@/lib/runs/lifecycle";
import { scanPage, type PageScanFailure, type PageScanRequest, type PageScanResult } from "./page-scan";
import type { ScanJob } from "./job";
import type { ScanTab } from "./scan-tab";
import { isLogoutLink, LaneSignIn } from "./sign-in";

/** What a worker lane keeps between pages: its signed-in state for the session it is scanning. */
export type LaneAuth = { signIn?: LaneSignIn };

const AUTH_FAILED = "authentication failed";

export async function scanSignedIn(browser: Browser, tab: ScanTab, lane: LaneAuth, job: ScanJob & { authConfigId: string }, request: PageScanRequest): Promise<PageScanResult> {
  const key = job.runId;
  if (lane.signIn?.key !== key) {
    // Decrypted here, in the worker, at the moment of use; kept only in this lane's memory.
    const config = await readAuthConfigCredentials(job.authConfigId).catch(() => null);
    if (!config) {
      const reason = "the session's auth config no longer exists";
      await failRunSignIn(job.runId, job.sessionId, reason);
      return authFailure(reason);
    }
    lane.signIn = new LaneSignIn(key, config);
  }
  const signIn = lane.signIn;
  const viewport = request.options.viewport;
  const everSignedIn = signIn.version > 0;
  if (!(await signIn.ready(browser, viewport))) {
    const failed = signIn.failed!;
    // The first sign-in failing means nothing of the session can be scanned signed in.
    if (!everSignedIn) await failRunSignIn(job.runId, job.sessionId, `Sign-in failed: ${failed.error}.`);
    return authFailure(failed.error, failed.shot);
  }
  if (!everSignedIn) await recordAuthConfigUse(job.authConfigId).catch(() => undefined);

  const attempt = () =>
    scanPage(browser, tab, { ...request, partition: `${request.partition ?? job.sessionId}#${signIn.version}`, auth: { context: signIn.contextAuth, page: signIn.pageCheck } });
  let result = await attempt();
  if (!result.ok && result.signedOut) {
    const shot = result.shot ?? null;
    if (!(await signIn.renew(browser, viewport))) return authFailure(signIn.scrub(signIn.failed!.error), signIn.failed!.shot ?? shot);
    result = await attempt();
    if (!result.ok && result.signedOut) return authFailure(signIn.scrub(`${result.error}, even after signing in again`), result.shot ?? shot);
  }
  if (!result.ok) return result;
  // A signed-in crawl never follows a link that would sign it out.
  return { ...result, authenticated: true, links: result.links.filter((link) => !isLogoutLink(link, signIn.logoutPatterns)) };
}

function authFailure(reason: string, shot: PageScanFailure["shot"] = null): PageScanFailure {
  return { ok: false, error: `${AUTH_FAILED}: ${reason}`, httpStatus: null, title: null, loadMs: null, shot, authenticated: false };
}

/**
 * Fails a run whose sign-in failed: its pages not yet scanned are recorded as errors with the
 * reason (kept, not deleted, so the session shows what was planned) and the run keeps the
 * reason; it ends failed once the pages being scanned now (this lane's, another lane's) are
 * recorded (finish.ts), so a failed run never has a page still in flight.
 */
export async function failRunSignIn(runId: string, sessionId: string, reason: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const [run] = await tx.$queryRaw<Array<{ status: string; failing: boolean }>>`
      SELECT status::text, failure_reason IS NOT NULL AS failing FROM scan_runs WHERE id = ${runId}::uuid FOR UPDATE`;
    if (!run || (run.status !== "queued" && run.status !== "running")) return;
    const skipped = await tx.pageResult.updateMany({
      where: { runId, state: "pending" },
      data: { state: "error", error: `${AUTH_FAILED}: not scanned, because the session could not sign in.`, scannedAt: new Date() },
    });
    if (run.status === "queued") await markRunRunning(tx, runId);
    // Another lane may have failed first: its reason stands, and the failure is audited once.
    if (run.failing) return;
    await tx.$executeRaw`UPDATE scan_runs SET failure_reason = ${reason.slice(0, 1_000)}, updated_at = now() WHERE id = ${runId}::uuid`;
    await recordAudit(tx, null, {
      action: "session.scan_failed",
      recordType: "test_session",
      recordId: sessionId,
      changes: { runId, reason: reason.slice(0, 1_000), pagesNotScanned: skipped.count },
    });
  });
}
