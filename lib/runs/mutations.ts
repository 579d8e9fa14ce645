/**
 * Deleting a run or a whole session: only ever an explicit request (confirmed in the UI), never
 * the side effect of another action. One transaction each, with an audit event saying what was
 * removed. A run being scanned cannot be deleted (cancel it first).
 */
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db, type DbTransaction } from "@/lib/db";
import { conflict, notFound } from "@/lib/errors";
import { touchProjectActivity } from "@/lib/sessions/lifecycle";

type Removed = { runs: number; pageResults: number; violations: number; screenshots: number };

async function countRunContents(tx: DbTransaction, where: { runId: string } | { sessionId: string }): Promise<Removed> {
  const filter = "runId" in where ? { runId: where.runId } : { sessionId: where.sessionId };
  const [runs, pageResults, violations, screenshots] = await Promise.all([
    "runId" in where ? Promise.resolve(1) : tx.scanRun.count({ where: { sessionId: where.sessionId } }),
    tx.pageResult.count({ where: filter }),
    tx.violation.count({ where: filter }),
    tx.screenshot.count({ where: filter }),
  ]);
  return { runs, pageResults, violations, screenshots };
}

/** Deletes one run with its pages, findings and screenshots; the session and its other runs stay. */
export async function deleteRun(actor: Actor, runId: string) {
  return db.$transaction(async (tx) => {
    const [run] = await tx.$queryRaw<Array<{ sessionId: string; projectId: string; number: number; status: string }>>`
      SELECT r.session_id::text AS "sessionId", s.project_id::text AS "projectId", r.number, r.status::text AS status
      FROM scan_runs r JOIN test_sessions s ON s.id = r.session_id WHERE r.id = ${runId}::uuid FOR UPDATE OF r, s`;
    if (!run) throw notFound("Scan run");
    if (run.status === "queued" || run.status === "running") {
      throw conflict(`Run ${run.number} is ${run.status}; cancel it before deleting it.`, { currentStatus: run.status });
    }
    const removed = await countRunContents(tx, { runId });
    await tx.scanRun.delete({ where: { id: runId } });
    // The session's status mirrors its latest run: after deleting that run, the one before it.
    const latest = await tx.scanRun.findFirst({
      where: { sessionId: run.sessionId },
      select: { status: true, startedAt: true, completedAt: true, failureReason: true },
      orderBy: { number: "desc" },
    });
    const session = await tx.testSession.findUniqueOrThrow({ where: { id: run.sessionId }, select: { approach: true } });
    if (session.approach !== "manual") {
      await tx.testSession.update({
        where: { id: run.sessionId },
        data: latest
          ? { status: latest.status, startedAt: latest.startedAt, completedAt: latest.completedAt, failureReason: latest.failureReason, cancelRequestedAt: null }
          : { status: "draft", startedAt: null, completedAt: null, failureReason: null, cancelRequestedAt: null },
      });
    }
    await touchProjectActivity(tx, run.projectId);
    await recordAudit(tx, actor, {
      action: "run.delete",
      recordType: "scan_run",
      recordId: runId,
      changes: { sessionId: run.sessionId, number: run.number, removed },
    });
    return { id: runId, sessionId: run.sessionId, number: run.number, removed };
  });
}

/** Deletes a session with all its runs and results. Triage decisions live on the project and stay. */
export async function deleteSession(actor: Actor, sessionId: string) {
  return db.$transaction(async (tx) => {
    const [session] = await tx.$queryRaw<Array<{ name: string; projectId: string }>>`
      SELECT name, project_id::text AS "projectId" FROM test_sessions WHERE id = ${sessionId}::uuid FOR UPDATE`;
    if (!session) throw notFound("Test session");
    const active = await tx.scanRun.findFirst({ where: { sessionId, status: { in: ["queued", "running"] } }, select: { number: true, status: true } });
    if (active) throw conflict(`Run ${active.number} of this session is ${active.status}; cancel it before deleting the session.`, { currentStatus: active.status });
    const removed = await countRunContents(tx, { sessionId });
    await tx.testSession.delete({ where: { id: sessionId } });
    await touchProjectActivity(tx, session.projectId);
    await recordAudit(tx, actor, {
      action: "session.delete",
      recordType: "session",
      recordId: sessionId,
      changes: { name: session.name, projectId: session.projectId, removed },
    });
    return { id: sessionId, name: session.name, projectId: session.projectId, removed };
  });
}
