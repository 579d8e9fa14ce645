import { z } from "zod";
import { defineOperations, idAndName, nullableTimestamp, pageOf, timestamp } from "@/lib/api/operation";
import { uuidParams } from "@/lib/api/params";
import { listAuditEventsQuerySchema } from "@/lib/audit/schema";
import {
  AUTH_CONFIG_STATUSES,
  createAuthConfigSchema,
  listAuthConfigsQuerySchema,
  updateAuthConfigSchema,
} from "@/lib/auth-configs/schema";
import { AUTH_CONFIG_TYPES } from "@/lib/auth-configs/types";
import { restoreJobSchema, restoreRequestSchema } from "@/lib/backups/restore-job";
import { createUserSchema, resetPasswordSchema, roleSchema, updateUserSchema } from "@/lib/users/schema";

export const userResponse = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  lastLoginAt: nullableTimestamp,
  createdAt: timestamp,
  updatedAt: timestamp,
});

const authConfigResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(AUTH_CONFIG_TYPES),
  domain: z.string(),
  url: z.string().nullable(),
  loginPage: z.string().nullable(),
  username: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  status: z.enum(AUTH_CONFIG_STATUSES),
  lastUsedAt: nullableTimestamp,
  projectId: z.uuid().nullable(),
  project: idAndName.nullable(),
  secretUpdatedAt: nullableTimestamp,
  hasSecret: z.boolean().describe("Whether a secret is stored; the secret itself is never returned."),
  hasTotpSecret: z.boolean().describe("Whether a TOTP seed is stored (write-only, like the secret)."),
  lastVerifiedAt: nullableTimestamp.describe("When Test login last ran; status says whether it passed."),
  createdAt: timestamp,
  updatedAt: timestamp,
  createdBy: idAndName.nullable(),
});

const backup = z.looseObject({
  name: z.string(),
  createdAt: z.string(),
  appVersion: z.string(),
  migration: z.string().nullable(),
  rows: z.int(),
  bytes: z.int(),
  tables: z.array(z.object({ name: z.string(), rows: z.int() })),
  problem: z.string().optional(),
});

const id = uuidParams("id");

export const adminOperations = defineOperations({
  "GET /api/v1/users": {
    tag: "Users",
    summary: "List users",
    permission: "users:manage",
    response: { status: 200, description: "Every user.", schema: z.object({ items: z.array(userResponse) }) },
  },
  "POST /api/v1/users": {
    tag: "Users",
    summary: "Create a user",
    permission: "users:manage",
    body: createUserSchema,
    response: { status: 201, description: "The user created.", schema: userResponse },
    errors: ["conflict"],
  },
  "GET /api/v1/users/{id}": {
    tag: "Users",
    summary: "Get a user",
    permission: "users:manage",
    params: id,
    response: { status: 200, description: "The user.", schema: userResponse },
  },
  "PATCH /api/v1/users/{id}": {
    tag: "Users",
    summary: "Update a user (name, role, disabled)",
    description: "The last active admin cannot be demoted or disabled; nobody can disable themselves.",
    permission: "users:manage",
    params: id,
    body: updateUserSchema,
    response: { status: 200, description: "The user as updated.", schema: userResponse },
    errors: ["conflict"],
  },
  "POST /api/v1/users/{id}/password": {
    tag: "Users",
    summary: "Reset a user's password",
    description: "Every session the user had open ends and every API token of theirs is revoked.",
    permission: "users:manage",
    params: id,
    body: resetPasswordSchema,
    response: { status: 200, description: "Done.", schema: z.object({ ok: z.literal(true), tokensRevoked: z.int() }) },
  },
  "GET /api/v1/auth-configs": {
    tag: "Auth configs",
    summary: "List auth configs",
    permission: "auth-configs:manage",
    query: listAuthConfigsQuerySchema,
    response: { status: 200, description: "A page of auth configs (never their secrets).", schema: pageOf(authConfigResponse) },
  },
  "POST /api/v1/auth-configs": {
    tag: "Auth configs",
    summary: "Create an auth config",
    description: "Credentials for scanning a site behind a sign-in; `secret` is write-only and stored encrypted.",
    permission: "auth-configs:manage",
    body: createAuthConfigSchema,
    response: { status: 201, description: "The auth config created.", schema: authConfigResponse },
  },
  "GET /api/v1/auth-configs/{id}": {
    tag: "Auth configs",
    summary: "Get an auth config",
    permission: "auth-configs:manage",
    params: id,
    response: { status: 200, description: "The auth config (never its secret).", schema: authConfigResponse },
  },
  "PATCH /api/v1/auth-configs/{id}": {
    tag: "Auth configs",
    summary: "Update an auth config",
    description: "Any subset of the fields; `secret` sets the secret, null clears it, absent keeps it.",
    permission: "auth-configs:manage",
    params: id,
    body: updateAuthConfigSchema,
    response: { status: 200, description: "The auth config as updated.", schema: authConfigResponse },
    errors: ["conflict"],
  },
  "DELETE /api/v1/auth-configs/{id}": {
    tag: "Auth configs",
    summary: "Delete an auth config",
    description: "Sessions that used it keep their results and lose the link.",
    permission: "auth-configs:manage",
    params: id,
    response: { status: 200, description: "What was deleted.", schema: z.object({ id: z.uuid(), name: z.string(), sessionsUnlinked: z.int() }) },
  },
  "POST /api/v1/auth-configs/{id}/test": {
    tag: "Auth configs",
    summary: "Test login",
    description: "Runs the config's sign-in in Chromium now; sets its status to active or failed and its last-verified time.",
    permission: "auth-configs:manage",
    params: id,
    response: {
      status: 200,
      description: "Each step's outcome, where the sign-in landed and the id of its (masked) screenshot.",
      schema: z.object({
        ok: z.boolean(),
        steps: z.array(z.object({ step: z.int(), action: z.string(), ok: z.boolean(), ms: z.int(), error: z.string().optional() })),
        finalUrl: z.string().nullable(),
        screenshotId: z.uuid().optional(),
        error: z.string().optional(),
      }),
    },
  },
  "GET /api/v1/auth-configs/{id}/tests/{testId}/screenshot": {
    tag: "Auth configs",
    summary: "A Test login's landing screenshot",
    permission: "auth-configs:manage",
    params: uuidParams("id", "testId"),
    response: { status: 200, description: "The image (password inputs masked).", contentTypes: ["image/jpeg"] },
  },
  "GET /api/v1/audit-events": {
    tag: "Audit",
    summary: "Audit log",
    permission: "audit:read",
    query: listAuditEventsQuerySchema,
    response: {
      status: 200,
      description: "A page of audit events, newest first.",
      schema: pageOf(
        z.object({
          id: z.uuid(),
          actorId: z.uuid().nullable(),
          actorEmail: z.string().nullable(),
          action: z.string(),
          recordType: z.string(),
          recordId: z.string().nullable(),
          changes: z.unknown(),
          createdAt: timestamp,
        }),
      ),
    },
  },
  "GET /api/v1/backups": {
    tag: "Backups",
    summary: "List backups",
    permission: "backups:manage",
    response: {
      status: 200,
      description: "Backups with their verification, whether one is running, and backup health.",
      schema: z.object({ items: z.array(backup), running: z.boolean(), health: z.looseObject({ state: z.enum(["ok", "warning", "disabled"]) }) }),
    },
  },
  "POST /api/v1/backups": {
    tag: "Backups",
    summary: "Start a backup",
    description: "Runs in the background (then its verification); poll GET /api/v1/backups.",
    permission: "backups:manage",
    response: { status: 202, description: "Started.", schema: z.object({ started: z.literal(true) }) },
    errors: ["conflict"],
  },
  "POST /api/v1/backups/uploads": {
    tag: "Backups",
    summary: "Upload a backup to restore",
    description: "The .tar.gz archive a backup download gives. Kept under the backup directory's uploads; restore it by the name answered.",
    permission: "backups:manage",
    upload: { description: "A Clearsight or legacy backup as a .tar.gz archive.", contentTypes: ["application/gzip", "application/octet-stream"], schema: z.string().describe("binary") },
    response: { status: 201, description: "Saved; the name to restore it by.", schema: z.object({ name: z.string(), kind: z.enum(["clearsight", "legacy"]) }) },
    errors: ["payload_too_large"],
  },
  "GET /api/v1/backups/restore": {
    tag: "Backups",
    summary: "The latest dry run or restore, and the uploaded backups",
    permission: "backups:manage",
    response: {
      status: 200,
      description: "The job (progress, then its report) or null, and the uploaded backups.",
      schema: z.object({
        job: restoreJobSchema.nullable(),
        uploads: z.array(z.object({ name: z.string(), kind: z.enum(["clearsight", "legacy", "unreadable"]) })),
      }),
    },
  },
  "POST /api/v1/backups/restore": {
    tag: "Backups",
    summary: "Dry-run or restore a backup",
    description: "Runs in the background: 202, then poll GET /api/v1/backups/restore. A restore needs a dry run of the same backup first.",
    permission: "backups:manage",
    body: restoreRequestSchema,
    response: { status: 202, description: "Started.", schema: z.object({ job: restoreJobSchema }) },
    errors: ["conflict"],
  },
  "GET /api/v1/backups/{name}/download": {
    tag: "Backups",
    summary: "Download a backup",
    permission: "backups:manage",
    params: z.object({ name: z.string().max(64) }),
    response: { status: 200, description: "The backup as a .tar.gz archive.", contentTypes: ["application/gzip"] },
  },
});
