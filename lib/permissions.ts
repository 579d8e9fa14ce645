/**
 * Who may do what, as data. Every route handler, page and server action declares the permission
 * it needs; `can` is the only place roles are compared.
 */
import type { Role } from "@/lib/generated/prisma/enums";

const EVERYONE: readonly Role[] = ["VIEWER", "TESTER", "ADMIN"];
const TESTERS: readonly Role[] = ["TESTER", "ADMIN"];
const ADMINS: readonly Role[] = ["ADMIN"];

export const PERMISSIONS = {
  "projects:read": EVERYONE,
  "projects:write": TESTERS,
  "projects:delete": ADMINS,
  "sessions:read": EVERYONE,
  "sessions:write": TESTERS,
  "scans:run": TESTERS,
  /** Deleting a session or one of its runs, with their results (confirmed in the UI, audited). */
  "results:delete": TESTERS,
  "results:read": EVERYONE,
  "results:triage": TESTERS,
  /** Per-criterion outcomes, notes, failure instances and ticked test requirements of an audit. */
  "audits:record": TESTERS,
  /** Names of auth configs, as shown on a project; never their settings or secrets. */
  "auth-configs:list-names": EVERYONE,
  "auth-configs:manage": ADMINS,
  "users:manage": ADMINS,
  "audit:read": ADMINS,
  "backups:manage": ADMINS,
  /** Re-verify the live schema now instead of reading health's cached verdict. */
  "health:verify": ADMINS,
  /** The scan queue in detail: which pages wait, where workers run. */
  "queue:read": ADMINS,
  "tokens:own": EVERYONE,
  "schedules:write": TESTERS,
  /** Webhooks and email alerts: their targets are secrets, their deliveries are for admins. */
  "notifications:manage": ADMINS,
  /** Retention settings (project and instance): they decide which results the worker deletes. */
  "retention:manage": ADMINS,
  /** Where scans may connect: allowed and blocked ranges and host names (lib/network/rules.ts). */
  "network-policy:manage": ADMINS,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export const ROLES: readonly Role[] = ["ADMIN", "TESTER", "VIEWER"];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  VIEWER: "Reads projects, sessions and results.",
  TESTER: "Also creates and edits projects and sessions, runs scans and triages results.",
  ADMIN: "Also manages users, auth configs, backups, retention and the audit log.",
};
