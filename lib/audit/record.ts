import type { DbTransaction } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export type Actor = { id: string; email: string };

export type AuditEntry = {
  action: string;
  recordType: string;
  recordId: string;
  /** Changed fields; never secret values (say `secret: "changed"` instead). */
  changes?: Prisma.InputJsonValue;
};

/** Records an audit event inside the caller's transaction, so it commits with the change. */
export async function recordAudit(tx: DbTransaction, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: actor?.id ?? null,
      actorEmail: actor?.email ?? null,
      action: entry.action,
      recordType: entry.recordType,
      recordId: entry.recordId,
      changes: entry.changes,
    },
  });
}

/** Field-by-field differences between two flat records, for the audit log. */
export type FieldChanges = Record<string, { from: Prisma.InputJsonValue | null; to: Prisma.InputJsonValue | null }>;

export function diffFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): FieldChanges {
  const changes: FieldChanges = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const previous = before[key];
    const same = JSON.stringify(previous) === JSON.stringify(value);
    if (!same) changes[key] = { from: toJson(previous), to: toJson(value) };
  }
  return changes;
}

function toJson(value: unknown): Prisma.InputJsonValue | null {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  return value as Prisma.InputJsonValue;
}
