import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AuditEventsFilter } from "./schema";
import { isUuid } from "@/lib/uuid";

const auditEventSelect = {
  id: true,
  actorId: true,
  actorEmail: true,
  action: true,
  recordType: true,
  recordId: true,
  changes: true,
  createdAt: true,
} as const satisfies Prisma.AuditEventSelect;

export type AuditEventView = Prisma.AuditEventGetPayload<{ select: typeof auditEventSelect }>;

/** `query` is listAuditEventsQuerySchema's output (dates already parsed). */
export async function listAuditEvents(query: AuditEventsFilter) {
  const where: Prisma.AuditEventWhereInput = {
    ...(query.action ? { action: query.action } : {}),
    ...(query.recordType ? { recordType: query.recordType } : {}),
    ...(query.recordId ? { recordId: query.recordId } : {}),
    ...(query.actor
      ? isUuid(query.actor)
        ? { actorId: query.actor }
        : { actorEmail: { contains: query.actor.toLowerCase(), mode: "insensitive" as const } }
      : {}),
    ...(query.from || query.to ? { createdAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } } : {}),
  };
  const [total, items] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({
      where,
      select: auditEventSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return { items, page: query.page, pageSize: query.pageSize, total };
}

/** Distinct actions and record types, for the filter menus. */
export async function listAuditFacets() {
  const [actions, recordTypes] = await Promise.all([
    db.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
    db.auditEvent.findMany({ distinct: ["recordType"], select: { recordType: true }, orderBy: { recordType: "asc" } }),
  ]);
  return { actions: actions.map((row) => row.action), recordTypes: recordTypes.map((row) => row.recordType) };
}
