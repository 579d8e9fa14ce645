/**
 * Backups written by the previous system: plain JSON files with snake_case fields, no manifest.
 * projects.json is an object keyed by id; test_sessions.json, automated_test_results.json (one
 * record per scanned page) and violations.json (axe-core style, pointing at a page by URL) are
 * arrays. An optional users.json (an array, or an object keyed by id, of { id, email, name,
 * role }) names the creators. Creators are found by email first (the same account here under
 * another id: records move onto it), then by id; a creator users.json names but this instance
 * lacks is created DISABLED (the old system's passwords cannot be used here: an admin enables
 * it and sets a password); records whose creator is named nowhere are attached to the
 * restoring admin. All of it is reported. The files are small JSON documents, read whole.
 */
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { z } from "zod";
import { fingerprintFinding } from "@/lib/results/fingerprint";
import { scanScopeSchema } from "@/lib/scans/schema";
import { normalizeUrl } from "@/lib/scans/url";
import { hashPassword } from "@/lib/users/password";
import { criteriaFromTags } from "@/lib/wcag/criteria";
import { IDENTITY_MAP } from "./identity";
import { addRejection, emptyResult, insertRows, type TablePlan, type TableResult } from "./insert-rows";
import type { ProgressListener } from "./progress";
import { listBackupTables, readTableColumns } from "./tables";

const USERS_FILE = "users.json";

const legacyUserSchema = z.object({
  id: z.string(),
  email: z.email(),
  name: z.string().nullish(),
  role: z.string().nullish(),
});
type LegacyUser = z.infer<typeof legacyUserSchema>;

const ROLES: Record<string, string> = { admin: "ADMIN", tester: "TESTER", viewer: "VIEWER" };

const FILES = {
  projects: "projects.json",
  sessions: "test_sessions.json",
  pages: "automated_test_results.json",
  violations: "violations.json",
} as const;

const timestamp = z.string().nullish();

const projectSchema = z.object({
  name: z.string(),
  client_name: z.string().nullish(),
  primary_url: z.string(),
  description: z.string().nullish(),
  status: z.string().nullish(),
  created_at: timestamp,
  updated_at: timestamp,
  created_by: z.string().nullish(),
});

const sessionSchema = z.object({
  id: z.string(),
  name: z.string(),
  project_id: z.string(),
  description: z.string().nullish(),
  status: z.string().nullish(),
  testing_approach: z.string().nullish(),
  started_at: timestamp,
  completed_at: timestamp,
  scope: z.record(z.string(), z.unknown()).nullish(),
  created_at: timestamp,
  updated_at: timestamp,
  created_by: z.string().nullish(),
});

const pageSchema = z.object({
  id: z.string(),
  test_session_id: z.string(),
  page_url: z.string(),
  engine: z.string().nullish(),
  engine_version: z.string().nullish(),
  status: z.string().nullish(),
  violation_count: z.number().nullish(),
  passes: z.number().int().nullish(),
  incomplete: z.number().int().nullish(),
  duration_ms: z.number().int().nullish(),
  scanned_at: timestamp,
});

const violationSchema = z.object({
  id: z.string(),
  test_session_id: z.string(),
  page_url: z.string(),
  rule_id: z.string(),
  impact: z.string().nullish(),
  tags: z.array(z.string()).default([]),
  help: z.string().nullish(),
  help_url: z.string().nullish(),
  selector: z.string(),
  html: z.string(),
  failure_summary: z.string().nullish(),
  status: z.string().nullish(),
  created_at: timestamp,
});

/** Fields read into a column (or, like violation_count, derived from other records). */
const MAPPED_FIELDS: Record<keyof typeof FILES, string[]> = {
  projects: ["id", ...Object.keys(projectSchema.shape)],
  sessions: Object.keys(sessionSchema.shape),
  pages: Object.keys(pageSchema.shape),
  violations: Object.keys(violationSchema.shape),
};

type LegacyBackup = {
  projects: Array<z.infer<typeof projectSchema> & { id: string }>;
  sessions: Array<z.infer<typeof sessionSchema>>;
  pages: Array<z.infer<typeof pageSchema>>;
  violations: Array<z.infer<typeof violationSchema>>;
  users: LegacyUser[];
  notes: string[];
};

export async function isLegacyBackup(dir: string): Promise<boolean> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.includes(FILES.projects) || names.includes(FILES.sessions);
}

const PAGE_STATES: Record<string, string> = { completed: "done", done: "done", failed: "error", error: "error", running: "scanning", scanning: "scanning" };
const WCAG_LEVELS = new Set(["A", "AA", "AAA"]);

async function readJsonFile(dir: string, file: string): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, file), "utf8");
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON (damaged or truncated); nothing was restored.`);
  }
}

function parseRecords<T extends z.ZodType>(schema: T, records: unknown[], file: string): Array<z.infer<T>> {
  return records.map((record, position) => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${file}, record ${position + 1}: ${issue.path.join(".") || "record"}: ${issue.message}; nothing was restored.`);
    }
    return parsed.data;
  });
}

function describeExtraFields(key: keyof typeof FILES, records: unknown[]): string[] {
  const known = new Set(MAPPED_FIELDS[key]);
  const counts = new Map<string, number>();
  for (const record of records) {
    for (const field of Object.keys(record as object)) if (!known.has(field)) counts.set(field, (counts.get(field) ?? 0) + 1);
  }
  return [...counts].map(([field, count]) => `${FILES[key]}: field "${field}" (${count} record(s)) has no place in Clearsight and was not restored.`);
}

export async function readLegacyBackup(dir: string): Promise<LegacyBackup> {
  const notes: string[] = [];
  const projectsJson = await readJsonFile(dir, FILES.projects);
  if (projectsJson === undefined || typeof projectsJson !== "object" || projectsJson === null || Array.isArray(projectsJson)) {
    throw new Error(`${FILES.projects} is missing or is not an object keyed by project id; nothing was restored.`);
  }
  const projectRecords = Object.entries(projectsJson).map(([id, record]) => ({ id, ...(record as object) }));
  const arrays: Partial<Record<keyof typeof FILES, unknown[]>> = { projects: projectRecords };
  for (const key of ["sessions", "pages", "violations"] as const) {
    const json = await readJsonFile(dir, FILES[key]);
    if (json === undefined) notes.push(`${FILES[key]} is not in the backup; nothing of that kind was restored.`);
    else if (!Array.isArray(json)) throw new Error(`${FILES[key]} is not an array; nothing was restored.`);
    arrays[key] = json ?? [];
  }
  for (const key of Object.keys(FILES) as Array<keyof typeof FILES>) notes.push(...describeExtraFields(key, arrays[key]!));
  const usersJson = await readJsonFile(dir, USERS_FILE);
  const userRecords =
    usersJson === undefined ? [] : Array.isArray(usersJson) ? usersJson : typeof usersJson === "object" && usersJson !== null
      ? Object.entries(usersJson).map(([id, record]) => ({ id, ...(record as object) }))
      : undefined;
  if (!userRecords) throw new Error(`${USERS_FILE} is neither an array nor an object keyed by user id; nothing was restored.`);
  return {
    users: parseRecords(legacyUserSchema, userRecords, USERS_FILE),
    projects: parseRecords(projectSchema.extend({ id: z.string() }), projectRecords, FILES.projects),
    sessions: parseRecords(sessionSchema, arrays.sessions!, FILES.sessions),
    pages: parseRecords(pageSchema, arrays.pages!, FILES.pages),
    violations: parseRecords(violationSchema, arrays.violations!, FILES.violations),
    notes,
  };
}

async function findRestoringAdmin(client: pg.ClientBase, asEmail: string | undefined): Promise<{ id: string; email: string }> {
  const { rows } = asEmail
    ? await client.query<{ id: string; email: string }>(
        "SELECT id, email FROM users WHERE email = lower($1) AND role = 'ADMIN' AND NOT disabled",
        [asEmail.trim()],
      )
    : await client.query<{ id: string; email: string }>(
        "SELECT id, email FROM users WHERE role = 'ADMIN' AND NOT disabled ORDER BY created_at, id LIMIT 1",
      );
  const admin = rows[0];
  if (!admin) {
    throw new Error(
      asEmail
        ? `${asEmail} is not an active admin: pass --as with the email of an active ADMIN; nothing was restored.`
        : "There is no active admin to attach records without a known creator to: create one (npm start does) or pass --as <admin email>; nothing was restored.",
    );
  }
  return admin;
}

/** Page URLs in the scanner's normal form, so restored pages match what a rescan records. */
function pageUrl(url: string): string {
  return normalizeUrl(url) ?? url;
}

function nowIso(): string {
  return new Date().toISOString();
}

export async function restoreLegacyBackup(
  client: pg.ClientBase,
  dir: string,
  options: { asEmail?: string; onProgress?: ProgressListener },
): Promise<{ tables: TableResult[]; notes: string[]; created: Array<{ table: string; id: string; key: string }> }> {
  const legacy = await readLegacyBackup(dir);
  const notes = [...legacy.notes];

  const creatorIds = [...new Set([...legacy.projects, ...legacy.sessions].map((record) => record.created_by).filter((id): id is string => Boolean(id)))];
  const resolved = await resolveLegacyCreators(client, creatorIds, legacy.users);
  const known = new Set([...creatorIds].filter((id) => resolved.has(id)));
  const orphans = [...legacy.projects, ...legacy.sessions].filter((record) => !record.created_by || !known.has(record.created_by));
  let creatorFor = (id: string | null | undefined) => resolved.get(id!)!;
  let orphanNote: string | undefined;
  if (orphans.length > 0) {
    const admin = await findRestoringAdmin(client, options.asEmail);
    creatorFor = (id) => (id && known.has(id) ? resolved.get(id)! : admin.id);
    for (const id of new Set(orphans.map((record) => record.created_by).filter((id): id is string => Boolean(id)))) {
      await client.query(`INSERT INTO ${IDENTITY_MAP} (table_name, backup_id, target_id, key) VALUES ('users', $1, $2, $3) ON CONFLICT DO NOTHING`, [
        id,
        admin.id,
        `${admin.email} (the restoring admin: creator ${id} is named nowhere)`,
      ]);
    }
    const missing = [...new Set(orphans.map((record) => record.created_by ?? "(none)"))];
    orphanNote =
      `${orphans.length} record(s) (${legacy.projects.filter((record) => orphans.includes(record)).length} project(s), ` +
      `${legacy.sessions.filter((record) => orphans.includes(record)).length} session(s)) name a creator who is not a user here ` +
      `(${missing.join(", ")}); those not already restored are attached to the restoring admin ${admin.email}.`;
  }

  const projects = legacy.projects.map((record) => ({
    id: record.id,
    name: record.name,
    client_name: record.client_name ?? null,
    primary_url: record.primary_url,
    description: record.description ?? null,
    status: record.status ?? "active",
    last_activity_at: record.updated_at ?? record.created_at ?? nowIso(),
    archived_at: record.status === "archived" ? (record.updated_at ?? nowIso()) : null,
    created_by: creatorFor(record.created_by),
    created_at: record.created_at ?? nowIso(),
    updated_at: record.updated_at ?? record.created_at ?? nowIso(),
  }));
  const sessions = legacy.sessions.map((record) => {
    const { wcag_level: level, ...rest } = record.scope ?? {};
    // The old scope was a URL list; as the current scope it gets the current defaults.
    const urls = Array.isArray(rest.urls) ? rest.urls.filter((url): url is string => typeof url === "string").map(pageUrl) : [];
    const parsed = scanScopeSchema.safeParse({ ...rest, urls });
    const scope = parsed.success ? parsed.data : rest;
    return {
      id: record.id,
      project_id: record.project_id,
      name: record.name,
      description: record.description ?? null,
      status: record.status ?? "completed",
      testing_approach: record.testing_approach ?? "automated",
      ...(typeof level === "string" && WCAG_LEVELS.has(level.toUpperCase()) ? { wcag_level: level.toUpperCase() } : {}),
      scope,
      started_at: record.started_at ?? null,
      completed_at: record.completed_at ?? null,
      created_by: creatorFor(record.created_by),
      created_at: record.created_at ?? nowIso(),
      updated_at: record.updated_at ?? record.completed_at ?? record.started_at ?? record.created_at ?? nowIso(),
    };
  });
  const pages = legacy.pages.map((record) => ({
    id: record.id,
    session_id: record.test_session_id,
    url: pageUrl(record.page_url),
    state: PAGE_STATES[record.status ?? ""] ?? "pending",
    attempts: record.scanned_at ? 1 : 0,
    engine: record.engine ?? null,
    engine_version: record.engine_version ?? null,
    passes: record.passes ?? 0,
    incomplete: record.incomplete ?? 0,
    scan_ms: record.duration_ms ?? null,
    scanned_at: record.scanned_at ?? null,
    created_at: record.scanned_at ?? nowIso(),
    updated_at: record.scanned_at ?? nowIso(),
  }));

  const specs = new Map(listBackupTables().map((spec) => [spec.name, spec]));
  const live = await readTableColumns(client, ["projects", "test_sessions", "page_results", "violations"]);
  const planFor = (table: string, rows: Array<Record<string, unknown>>): TablePlan => {
    const present = new Set(rows.flatMap((row) => Object.keys(row)));
    return { table, primaryKey: specs.get(table)!.primaryKey, columns: live.get(table)!.filter((column) => present.has(column.name)) };
  };
  const total = projects.length + sessions.length + pages.length + legacy.violations.length;
  let done = 0;
  const progress = (expectedRows: number) => ({
    expectedRows,
    totalRows: total,
    onProgress: options.onProgress,
    doneRows: () => done,
    addDone: (rows: number) => (done += rows),
  });
  const insert = (table: string, rows: Array<Record<string, unknown>>) =>
    insertRows(client, planFor(table, rows), rows.map((row) => JSON.stringify(row)), progress(rows.length));

  const tables: TableResult[] = [];
  tables.push(await insert("projects", projects));
  tables.push(await insert("test_sessions", sessions));
  if (orphanNote && tables.some((table) => table.inserted > 0)) notes.push(orphanNote);
  // Every legacy session with results becomes (or keeps) run 1, which its pages and findings join.
  const runIds = await ensureFirstRuns(client, [...new Set([...pages.map((page) => page.session_id), ...legacy.violations.map((record) => record.test_session_id)])]);
  tables.push(await insert("page_results", pages.map((page) => ({ ...page, run_id: runIds.get(page.session_id) ?? null }))));

  // Legacy violations name their page by URL: find the page result of that session and URL,
  // whether this restore inserted it or it was already there.
  const sessionIds = [...new Set(legacy.violations.map((record) => record.test_session_id))];
  const pageIds = new Map(
    (
      await client.query<{ id: string; session_id: string; url: string }>(
        "SELECT id, session_id::text, url FROM page_results WHERE session_id::text = ANY($1)",
        [sessionIds],
      )
    ).rows.map((row) => [`${row.session_id} ${row.url}`, row.id]),
  );
  const unplaced = emptyResult("violations");
  const violations: Array<Record<string, unknown>> = [];
  for (const record of legacy.violations) {
    const pageResultId = pageIds.get(`${record.test_session_id} ${pageUrl(record.page_url)}`);
    if (!pageResultId) {
      addRejection(unplaced, { id: record.id, reason: `no page result for ${record.page_url} in session ${record.test_session_id}` });
      continue;
    }
    violations.push({
      id: record.id,
      session_id: record.test_session_id,
      run_id: runIds.get(record.test_session_id) ?? null,
      page_result_id: pageResultId,
      rule_id: record.rule_id,
      kind: "violation",
      impact: record.impact ?? null,
      wcag_criteria: criteriaFromTags(record.tags),
      tags: record.tags,
      selector: record.selector,
      html: record.html,
      summary: record.failure_summary ?? null,
      fingerprint: fingerprintFinding({ ruleId: record.rule_id, selector: record.selector, url: pageUrl(record.page_url) }),
      help: record.help ?? null,
      help_url: record.help_url ?? null,
      status: record.status ?? "open",
      created_at: record.created_at ?? nowIso(),
      updated_at: record.created_at ?? nowIso(),
    });
  }
  const placed = await insert("violations", violations);
  tables.push({
    ...placed,
    rows: placed.rows + unplaced.rejected,
    rejected: placed.rejected + unplaced.rejected,
    rejections: [...unplaced.rejections, ...placed.rejections],
  });
  done += unplaced.rejected;
  await countRunResults(client, [...runIds.values()]);
  return { tables, notes, created: resolved.created };
}

/**
 * Where each creator's records go: the account here with the email users.json gives (reported
 * as matched), the account with the same id, or a new disabled account made from users.json.
 */
async function resolveLegacyCreators(client: pg.ClientBase, creatorIds: string[], users: LegacyUser[]) {
  const byId = new Map(users.map((user) => [user.id, user]));
  const resolved = Object.assign(new Map<string, string>(), { created: [] as Array<{ table: string; id: string; key: string }> });
  for (const id of creatorIds) {
    const named = byId.get(id);
    if (named) {
      const existing = (await client.query<{ id: string; email: string }>("SELECT id::text, email FROM users WHERE email = lower($1)", [named.email.trim()])).rows[0];
      if (existing) {
        resolved.set(id, existing.id);
        if (existing.id !== id) {
          await client.query(`INSERT INTO ${IDENTITY_MAP} (table_name, backup_id, target_id, key) VALUES ('users', $1, $2, $3) ON CONFLICT DO NOTHING`, [id, existing.id, existing.email]);
        }
        continue;
      }
    }
    const sameId = (await client.query<{ id: string }>("SELECT id::text FROM users WHERE id::text = $1", [id])).rows[0];
    if (sameId) {
      resolved.set(id, sameId.id);
      continue;
    }
    if (named) {
      // Nobody knows a password for it: a random one, hashed, and the account disabled.
      const email = named.email.trim().toLowerCase();
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO users (id, email, name, password_hash, role, disabled, updated_at) VALUES ($1, $2, $3, $4, $5, true, now()) RETURNING id::text`,
        [z.uuid().safeParse(id).success ? id : randomUUID(), email, named.name ?? email, await hashPassword(randomBytes(24).toString("base64url")), ROLES[(named.role ?? "").toLowerCase()] ?? "VIEWER"],
      );
      resolved.set(id, rows[0]!.id);
      resolved.created.push({ table: "users", id: rows[0]!.id, key: `${email} (disabled: enable it and set a password)` });
    }
  }
  return resolved;
}

/** Run 1 of each session that exists here (created when missing, ended as its session ended), by session id. */
async function ensureFirstRuns(client: pg.ClientBase, sessionIds: string[]): Promise<Map<string, string>> {
  await client.query(
    `INSERT INTO scan_runs (id, session_id, number, status, queued_at, started_at, completed_at, failure_reason, updated_at)
     SELECT gen_random_uuid(), s.id, 1,
            (CASE WHEN s.status IN ('draft', 'queued', 'running') THEN 'cancelled' ELSE s.status::text END)::"RunStatus",
            coalesce(s.started_at, s.created_at), s.started_at, coalesce(s.completed_at, s.started_at, s.updated_at), s.failure_reason, now()
     FROM test_sessions s WHERE s.id::text = ANY($1)
     ON CONFLICT (session_id, number) DO NOTHING`,
    [sessionIds],
  );
  const { rows } = await client.query<{ id: string; session_id: string }>(
    "SELECT id::text, session_id::text FROM scan_runs WHERE number = 1 AND session_id::text = ANY($1)",
    [sessionIds],
  );
  return new Map(rows.map((row) => [row.session_id, row.id]));
}

/** A run's stored counts, read from its rows once they are in. */
async function countRunResults(client: pg.ClientBase, runIds: string[]): Promise<void> {
  await client.query(
    `UPDATE scan_runs r SET
       pages_planned = (SELECT count(*) FROM page_results p WHERE p.run_id = r.id),
       pages_done = (SELECT count(*) FROM page_results p WHERE p.run_id = r.id AND p.state = 'done'),
       pages_failed = (SELECT count(*) FROM page_results p WHERE p.run_id = r.id AND p.state = 'error'),
       violations = (SELECT count(*) FROM violations v WHERE v.run_id = r.id AND v.kind = 'violation'),
       needs_review = (SELECT count(*) FROM violations v WHERE v.run_id = r.id AND v.kind = 'needs_review')
     WHERE r.id::text = ANY($1)`,
    [runIds],
  );
}
