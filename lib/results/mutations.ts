/**
 * Triage: a decision is taken per issue (fingerprint), applied to every instance of it in the
 * session, and recorded on the project so later sessions start from it.
 */
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { triageSchema, type TriageInput } from "./schema";

export async function triageViolations(actor: Actor, sessionId: string, input: TriageInput) {
  const data = triageSchema.parse(input);
  return db.$transaction(async (tx) => {
    const session = await tx.testSession.findUnique({ where: { id: sessionId }, select: { projectId: true } });
    if (!session) throw notFound("Test session");
    const chosen = await tx.violation.findMany({
      where: {
        sessionId,
        OR: [...(data.ids?.length ? [{ id: { in: data.ids } }] : []), ...(data.fingerprints?.length ? [{ fingerprint: { in: data.fingerprints } }] : [])],
      },
      select: { fingerprint: true },
      distinct: ["fingerprint"],
    });
    const fingerprints = chosen.map((row) => row.fingerprint).filter((fingerprint): fingerprint is string => fingerprint !== null);
    if (fingerprints.length === 0) throw notFound("No matching issue in this session");
    const reason = data.reason || null;
    const updated = await tx.violation.updateMany({
      where: { sessionId, fingerprint: { in: fingerprints } },
      data: { status: data.status, statusReason: reason },
    });
    // Reopening is a decision too ("open", by whom, when): it is recorded, not deleted, so a
    // triage record never disappears as the side effect of another one.
    await tx.$executeRaw`
      INSERT INTO triage_decisions (id, project_id, fingerprint, status, reason, decided_by, created_at, updated_at)
      SELECT gen_random_uuid(), ${session.projectId}::uuid, f, ${data.status}::"TriageStatus", ${reason}, ${actor.id}::uuid, now(), now()
      FROM unnest(${fingerprints}::text[]) AS f
      ON CONFLICT (project_id, fingerprint)
      DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, decided_by = EXCLUDED.decided_by, updated_at = now()`;
    await recordAudit(tx, actor, {
      action: "violations.triage",
      recordType: "test_session",
      recordId: sessionId,
      changes: { status: data.status, reason, issues: fingerprints.length, violations: updated.count, fingerprints: fingerprints.slice(0, 100) },
    });
    return { status: data.status, reason, issues: fingerprints.length, violations: updated.count };
  });
}
