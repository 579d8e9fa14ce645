/**
 * The audit log in words: who (the actor's current name), what (a sentence instead of an action
 * code) and which record (its current name and where it lives), resolved in one query per record
 * type for a page of events. A record that no longer exists keeps the name its event recorded,
 * when it recorded one.
 */
import { db } from "@/lib/db";
import type { AuditEventView } from "./queries";
import { isUuid } from "@/lib/uuid";

const RECORD_TYPE_LABELS: Record<string, string> = {
  project: "project",
  session: "session",
  test_session: "session",
  auth_config: "auth config",
  user: "user",
  api_token: "API token",
  encryption_key: "encryption key",
  instance_settings: "instance settings",
};

const VERBS: Record<string, string> = {
  create: "Created",
  update: "Changed",
  delete: "Deleted",
  archive: "Archived",
  unarchive: "Unarchived",
  duplicate: "Duplicated",
  revoke: "Revoked",
  password_reset: "Reset the password of",
  key_rotation: "Rotated",
  scan_start: "Started a scan of",
  scan_cancel: "Asked to cancel the scan of",
  scan_cancelled: "Cancelled the scan of",
  scan_running: "Began scanning",
  scan_completed: "Finished scanning",
  scan_failed: "Failed to scan",
  triage: "Triaged findings of",
  prune: "Retention pruned old runs of",
  retention: "Changed the retention of",
  network_policy: "Changed the scan network policy of",
};

export function recordTypeLabel(recordType: string): string {
  return RECORD_TYPE_LABELS[recordType] ?? recordType.replace(/_/g, " ");
}

/** "project.archive" → "Archived project"; an unknown code is shown as it is. */
export function actionLabel(action: string, recordType?: string): string {
  const [subject = "", verb = ""] = action.split(".");
  const what = recordTypeLabel(recordType ?? (subject === "violations" ? "session" : subject));
  const phrase = VERBS[verb];
  return phrase ? `${phrase} ${what}` : action;
}

export type DescribedAuditEvent = AuditEventView & {
  actorName: string | null;
  actorHref: string | null;
  what: string;
  record: { label: string; name: string | null; href: string | null };
};

function hrefOf(recordType: string, id: string): string | null {
  if (recordType === "project") return `/projects/${id}`;
  if (recordType === "session" || recordType === "test_session") return `/sessions/${id}`;
  if (recordType === "auth_config") return `/admin/auth-configs/${id}`;
  if (recordType === "user") return `/admin/users/${id}`;
  return null;
}

export async function describeAuditEvents(events: AuditEventView[]): Promise<DescribedAuditEvent[]> {
  const idsOf = (...types: string[]) => [...new Set(events.filter((event) => types.includes(event.recordType) && isUuid(event.recordId)).map((event) => event.recordId))];
  const userIds = [...new Set([...idsOf("user"), ...events.map((event) => event.actorId).filter((id): id is string => id !== null)])];
  const [projects, sessions, authConfigs, users, tokens] = await Promise.all([
    db.project.findMany({ where: { id: { in: idsOf("project") } }, select: { id: true, name: true } }),
    db.testSession.findMany({ where: { id: { in: idsOf("session", "test_session") } }, select: { id: true, name: true, project: { select: { name: true } } } }),
    db.authConfig.findMany({ where: { id: { in: idsOf("auth_config") } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
    db.apiToken.findMany({ where: { id: { in: idsOf("api_token") } }, select: { id: true, name: true } }),
  ]);
  const names = new Map<string, string>([
    ...projects.map((row) => [row.id, row.name] as const),
    ...sessions.map((row) => [row.id, `${row.name} (${row.project.name})`] as const),
    ...authConfigs.map((row) => [row.id, row.name] as const),
    ...users.map((row) => [row.id, row.name] as const),
    ...tokens.map((row) => [row.id, row.name] as const),
  ]);
  return events.map((event) => {
    const current = names.get(event.recordId) ?? null;
    const recorded = event.changes && typeof event.changes === "object" && !Array.isArray(event.changes) && typeof (event.changes as Record<string, unknown>).name === "string" ? ((event.changes as Record<string, unknown>).name as string) : null;
    const exists = current !== null;
    return {
      ...event,
      actorName: event.actorId ? (names.get(event.actorId) ?? null) : null,
      actorHref: event.actorId && names.has(event.actorId) ? `/admin/users/${event.actorId}` : null,
      what: actionLabel(event.action, event.recordType),
      record: { label: recordTypeLabel(event.recordType), name: current ?? recorded, href: exists ? hrefOf(event.recordType, event.recordId) : null },
    };
  });
}
