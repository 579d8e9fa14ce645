/**
 * The test-session status lifecycle: draft → queued → running → completed | failed | cancelled.
 * Timestamps are set by transitions, never by clients.
 */
import type { DbTransaction } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { SessionStatus } from "@/lib/generated/prisma/enums";

export const SESSION_TRANSITIONS: Record<SessionStatus, readonly SessionStatus[]> = {
  draft: ["queued", "cancelled"],
  queued: ["running", "cancelled", "failed", "draft"],
  running: ["completed", "failed", "cancelled"],
  // A finished session can be queued again to re-scan it.
  completed: ["queued"],
  failed: ["queued"],
  cancelled: ["queued"],
};

export function canTransition(from: SessionStatus, to: SessionStatus): boolean {
  return SESSION_TRANSITIONS[from].includes(to);
}

export function transitionTimestamps(to: SessionStatus, now = new Date()) {
  switch (to) {
    case "queued":
      return { startedAt: null, completedAt: null };
    case "running":
      return { startedAt: now, completedAt: null };
    case "completed":
    case "failed":
    case "cancelled":
      return { completedAt: now };
    default:
      return {};
  }
}

/**
 * Moves a session to `to` inside the caller's transaction, locking the row first so that two
 * concurrent transitions cannot both succeed. Throws 409 with the current status otherwise.
 */
export async function transitionSession(tx: DbTransaction, sessionId: string, to: SessionStatus, now = new Date()) {
  const [row] = await tx.$queryRaw<Array<{ status: SessionStatus; project_id: string }>>`
    SELECT status, project_id FROM test_sessions WHERE id = ${sessionId}::uuid FOR UPDATE`;
  if (!row) throw notFound("Test session");
  if (!canTransition(row.status, to)) {
    throw new AppError("conflict", `A ${row.status} session cannot become ${to}.`, { currentStatus: row.status });
  }
  const session = await tx.testSession.update({
    where: { id: sessionId },
    data: { status: to, ...transitionTimestamps(to, now), ...(to === "queued" ? { cancelRequestedAt: null, failureReason: null } : {}) },
  });
  await tx.project.update({ where: { id: row.project_id }, data: { lastActivityAt: now } });
  return { from: row.status, session };
}
