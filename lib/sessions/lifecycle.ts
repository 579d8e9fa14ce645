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

/** Throws 409 with the current status when `from` cannot become `to`. */
export function assertTransition(from: SessionStatus, to: SessionStatus): void {
  if (!canTransition(from, to)) {
    throw new AppError("conflict", `A ${from} session cannot become ${to}.`, { currentStatus: from });
  }
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
  const [row] = await tx.$queryRaw<Array<{ status: SessionStatus; project_id: string; updated_at: Date }>>`
    SELECT status, project_id::text, updated_at FROM test_sessions WHERE id = ${sessionId}::uuid FOR UPDATE`;
  if (!row) throw notFound("Test session");
  assertTransition(row.status, to);
  const session = await tx.testSession.update({
    where: { id: sessionId },
    data: {
      status: to,
      ...transitionTimestamps(to, now),
      ...(to === "queued" ? { cancelRequestedAt: null, failureReason: null } : {}),
      // Versions must move forward even within one millisecond (optimistic concurrency).
      updatedAt: new Date(Math.max(now.getTime(), row.updated_at.getTime() + 1)),
    },
  });
  await touchProjectActivity(tx, row.project_id, now);
  return { from: row.status, session };
}

/**
 * Records activity on a project without changing its version (updated_at): a scan or a new
 * session must not turn somebody's open project edit form stale.
 */
export async function touchProjectActivity(tx: DbTransaction, projectId: string, now = new Date()): Promise<void> {
  await tx.$executeRaw`
    UPDATE projects SET last_activity_at = GREATEST(last_activity_at, ${now}) WHERE id = ${projectId}::uuid`;
}
