/**
 * Starting and cancelling scans. Starting plans the seed pages as `pending` rows, which is what
 * queues the work for the workers (see queue.ts).
 */
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { transitionSession } from "@/lib/sessions/lifecycle";
import { isOnSite } from "@/lib/sessions/schema";
import { readEnv } from "@/lib/env";
import { finishSessionIfIdle, seedUrls } from "./queue";
import { scanOptionsSchema, scanScopeSchema } from "./schema";

export type ScanStartResult = { sessionId: string; status: "queued" | "failed"; pagesPlanned: number; failureReason: string | null };

/**
 * Queues a scan of the session (from draft, or again after it finished). A scope or options
 * value that cannot run fails the session with the reason, rather than the request.
 */
export async function startScan(actor: Actor, sessionId: string): Promise<ScanStartResult> {
  return db.$transaction(async (tx) => {
    const session = await tx.testSession.findUnique({
      where: { id: sessionId },
      select: { approach: true, scope: true, scanOptions: true, project: { select: { primaryUrl: true, status: true } } },
    });
    if (!session) throw notFound("Test session");
    if (session.approach === "manual") {
      throw new AppError("conflict", "A manual session has no automated scan; change its testing approach to automated or hybrid to scan it.", {
        approach: session.approach,
      });
    }
    if (session.project.status === "archived") throw new AppError("conflict", "The project is archived; restore it to run scans.");
    const { from } = await transitionSession(tx, sessionId, "queued");
    // A re-scan starts afresh; triage decisions live on the project and carry over.
    await tx.pageResult.deleteMany({ where: { sessionId } });
    const failureReason = whyScopeCannotRun(session.scope, session.scanOptions, session.project.primaryUrl);
    if (failureReason) {
      await transitionSession(tx, sessionId, "failed");
      await tx.testSession.update({ where: { id: sessionId }, data: { failureReason } });
      await recordAudit(tx, actor, { action: "session.scan_failed", recordType: "test_session", recordId: sessionId, changes: { failureReason } });
      return { sessionId, status: "failed", pagesPlanned: 0, failureReason };
    }
    const seeds = seedUrls(scanScopeSchema.parse(session.scope));
    await tx.pageResult.createMany({ data: seeds.map((url) => ({ sessionId, url, depth: 0 })), skipDuplicates: true });
    await recordAudit(tx, actor, {
      action: "session.scan_start",
      recordType: "test_session",
      recordId: sessionId,
      changes: { status: { from, to: "queued" }, pagesPlanned: seeds.length },
    });
    return { sessionId, status: "queued", pagesPlanned: seeds.length, failureReason: null };
  });
}

function whyScopeCannotRun(scopeValue: unknown, optionsValue: unknown, primaryUrl: string): string | null {
  const scope = scanScopeSchema.safeParse(scopeValue);
  if (!scope.success) return `The scope cannot be scanned: ${scope.error.issues.map((issue) => `${issue.path.join(".") || "scope"}: ${issue.message}`).join("; ")}.`;
  const options = scanOptionsSchema.safeParse(optionsValue ?? {});
  if (!options.success) return `The scan options are invalid: ${options.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}.`;
  if (scope.data.startUrl && !isOnSite(scope.data.startUrl, primaryUrl)) {
    return `The start URL ${scope.data.startUrl} is not on the project's site (${primaryUrl}); a crawl only follows the project's own pages.`;
  }
  if (seedUrls(scope.data).length === 0) return "The scope lists no http(s) page to scan.";
  return null;
}

/**
 * Requests cancellation: workers stop taking the session's pages at once and abandon the ones
 * in flight at their next heartbeat; the session becomes `cancelled` when none is left,
 * keeping the pages already scanned.
 */
export async function cancelScan(actor: Actor, sessionId: string) {
  await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ status: string; cancelRequested: boolean }>>`
      SELECT status::text AS status, cancel_requested_at IS NOT NULL AS "cancelRequested"
      FROM test_sessions WHERE id = ${sessionId}::uuid FOR UPDATE`;
    if (!row) throw notFound("Test session");
    if (row.status !== "queued" && row.status !== "running") {
      throw new AppError("conflict", `A ${row.status} session has no scan to cancel.`, { currentStatus: row.status });
    }
    if (row.cancelRequested) return;
    await tx.testSession.update({ where: { id: sessionId }, data: { cancelRequestedAt: new Date() } });
    await recordAudit(tx, actor, { action: "session.scan_cancel", recordType: "test_session", recordId: sessionId });
  });
  const status = await finishSessionIfIdle(sessionId, readEnv().WORKER_LEASE_SECONDS * 1000);
  return { sessionId, status: status ?? "cancelled", cancelRequested: true };
}
