/**
 * Test data through lib/ (the same code paths as the app), with unique names per call so tests
 * can run in parallel against one database.
 */
import { randomBytes } from "node:crypto";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { createAuthConfig } from "@/lib/auth-configs/mutations";
import type { CreateAuthConfigInput } from "@/lib/auth-configs/schema";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { createProject } from "@/lib/projects/mutations";
import type { CreateProjectInput } from "@/lib/projects/schema";
import { createSession } from "@/lib/sessions/mutations";
import type { CreateSessionInput } from "@/lib/sessions/schema";
import { createUser } from "@/lib/users/mutations";

export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

export type TestUser = Awaited<ReturnType<typeof createTestUser>>;

/** A user with an API token; `authHeader` goes straight into a request's headers. */
export async function createTestUser(role: Role = "TESTER") {
  const suffix = uniqueSuffix();
  const user = await createUser(null, {
    email: `${role.toLowerCase()}-${suffix}@example.test`,
    name: `Test ${role.toLowerCase()} ${suffix}`,
    role,
    password: `password-${suffix}`,
  });
  const { token } = await createApiToken({ id: user.id, email: user.email }, { name: `test ${suffix}` });
  return { user, actor: { id: user.id, email: user.email }, token, authHeader: { authorization: `Bearer ${token}` } };
}

export async function createTestProject(owner: { id: string; email: string }, overrides: Partial<CreateProjectInput> = {}) {
  const suffix = uniqueSuffix();
  return createProject(owner, {
    name: `Project ${suffix}`,
    clientName: `Client ${suffix}`,
    primaryUrl: `https://site-${suffix}.example.org/`,
    ...overrides,
  });
}

export async function createTestSession(
  owner: { id: string; email: string },
  project: { id: string; primaryUrl: string },
  overrides: Partial<CreateSessionInput> = {},
) {
  const base = new URL(project.primaryUrl);
  return createSession(owner, project.id, {
    name: `Session ${uniqueSuffix()}`,
    scope: { urls: [new URL("/", base).toString(), new URL("/about", base).toString()] },
    ...overrides,
  });
}

export async function createTestAuthConfig(admin: { id: string; email: string }, overrides: Partial<CreateAuthConfigInput> = {}) {
  const suffix = uniqueSuffix();
  return createAuthConfig(admin, {
    type: "api_key",
    name: `Key ${suffix}`,
    domain: `api-${suffix}.example.org`,
    settings: { headerName: "X-Api-Key" },
    secret: `secret-${suffix}`,
    ...overrides,
  } as CreateAuthConfigInput);
}

/** A finished run of the session (numbered after its last), as a scan that ended would leave it. */
export async function createTestRun(sessionId: string, options: { completedAt?: Date; status?: "completed" | "failed" | "cancelled" } = {}) {
  const last = await db.scanRun.findFirst({ where: { sessionId }, select: { number: true }, orderBy: { number: "desc" } });
  const completedAt = options.completedAt ?? new Date();
  return db.scanRun.create({
    data: { sessionId, number: (last?.number ?? 0) + 1, status: options.status ?? "completed", queuedAt: completedAt, startedAt: completedAt, completedAt },
    select: { id: true, number: true },
  });
}

/**
 * Scan results for a session, written directly (the scan engine's own writers are tested with
 * the engine) as a new completed run: `pages` page results, each with `violationsPerPage`
 * violations and one needs-review finding, and a full-page screenshot on the first
 * `screenshots` pages. Returns the run.
 */
export async function addTestResults(
  sessionId: string,
  counts: { pages: number; violationsPerPage: number; screenshots?: number },
  options: { completedAt?: Date } = {},
) {
  const run = await createTestRun(sessionId, options);
  const runId = run.id;
  for (let page = 0; page < counts.pages; page += 1) {
    const pageResult = await db.pageResult.create({
      data: { sessionId, runId, url: `https://results.example.org/page-${page}`, state: "done" },
      select: { id: true },
    });
    await db.violation.createMany({
      data: [
        ...Array.from({ length: counts.violationsPerPage }, (_, index) => ({
          sessionId,
          runId,
          pageResultId: pageResult.id,
          ruleId: `rule-${index}`,
          kind: "violation" as const,
          impact: "serious" as const,
          selector: `#el-${index}`,
          html: `<div id="el-${index}"></div>`,
        })),
        { sessionId, runId, pageResultId: pageResult.id, ruleId: "review", kind: "needs_review" as const, selector: "#review", html: "<p></p>" },
      ],
    });
    if (page < (counts.screenshots ?? 0)) {
      await db.screenshot.create({
        data: { sessionId, runId, pageResultId: pageResult.id, kind: "page", mimeType: "image/png", data: Buffer.from([137, 80, 78, 71]) },
      });
    }
  }
  await db.scanRun.update({ where: { id: runId }, data: { pagesPlanned: counts.pages, pagesDone: counts.pages, violations: counts.pages * counts.violationsPerPage, needsReview: counts.pages } });
  return run;
}
