/**
 * Optimistic concurrency for edit forms and PATCH requests. An edit carries the version
 * (updatedAt) it started from; a write that finds a newer version is refused with 409, the
 * current record and the fields changed since, so nobody silently overwrites someone else.
 */
import { z } from "zod";
import type { DbTransaction } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

export const expectedUpdatedAtSchema = z.iso.datetime({
  offset: true,
  error: "Send expectedUpdatedAt: the updatedAt of the version you started editing.",
});

export type VersionedTable = "projects" | "test_sessions" | "auth_configs" | "criterion_results";

/**
 * Locks the row and checks its version. Returns the next version to write: strictly later than
 * the current one even when two edits land within the same millisecond.
 */
export async function lockVersion(
  tx: DbTransaction,
  table: VersionedTable,
  id: string,
  what: string,
  expectedUpdatedAt: string | undefined,
): Promise<{ stale: boolean; currentUpdatedAt: Date; nextUpdatedAt: Date }> {
  const [row] = await tx.$queryRaw<Array<{ updated_at: Date }>>`
    SELECT updated_at FROM ${Prisma.raw(`"${table}"`)} WHERE id = ${id}::uuid FOR UPDATE`;
  if (!row) throw notFound(what);
  const current = row.updated_at;
  const stale = expectedUpdatedAt !== undefined && Date.parse(expectedUpdatedAt) !== current.getTime();
  const nextUpdatedAt = new Date(Math.max(Date.now(), current.getTime() + 1));
  return { stale, currentUpdatedAt: current, nextUpdatedAt };
}

/**
 * Fields changed since `expectedUpdatedAt`, read from the audit trail: every versioned write
 * records `updatedAt: {from, to}` among its changes, so the events whose `from` is at or after
 * the caller's version are exactly the ones they have not seen.
 */
export async function listFieldsChangedSince(
  tx: DbTransaction,
  recordType: string,
  recordId: string,
  expectedUpdatedAt: string,
): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ field: string }>>`
    SELECT DISTINCT jsonb_object_keys(changes) AS field
    FROM audit_events
    WHERE record_type = ${recordType} AND record_id = ${recordId}
      AND jsonb_typeof(changes) = 'object'
      AND changes ? 'updatedAt'
      AND (changes->'updatedAt'->>'from')::timestamptz >= ${new Date(expectedUpdatedAt)}`;
  return rows.map((row) => row.field).filter((field) => field !== "updatedAt").sort();
}

export async function staleEditError(
  tx: DbTransaction,
  options: { what: string; recordType: string; recordId: string; expectedUpdatedAt: string; current: unknown },
): Promise<AppError> {
  const changedFields = await listFieldsChangedSince(tx, options.recordType, options.recordId, options.expectedUpdatedAt);
  return new AppError(
    "conflict",
    `This ${options.what} was changed by someone else after you started editing. Review their changes, then apply yours again.`,
    { reason: "stale", current: options.current, changedFields },
  );
}

/** Equality of JSON values regardless of key order (JSONB stores keys in its own order). */
export function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown) =>
    JSON.stringify(value, (_key, inner: unknown) =>
      inner && typeof inner === "object" && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
        : inner,
    );
  return canonical(a) === canonical(b);
}
