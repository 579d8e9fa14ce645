import { callRoute } from "./call-route";
import { expectError, itFollowsRoleMatrix, type Caller, type RoleMatrix } from "./role-matrix";
import { beforeAll, describe, expect, it } from "vitest";
import * as projectSessionsRoute from "@/app/api/v1/projects/[id]/sessions/route";
import * as duplicateRoute from "@/app/api/v1/sessions/[id]/duplicate/route";
import * as sessionRoute from "@/app/api/v1/sessions/[id]/route";
import { db } from "@/lib/db";
import { archiveProject } from "@/lib/projects/mutations";
import { transitionSession } from "@/lib/sessions/lifecycle";
import { createTestAuthConfig, createTestProject, createTestSession, createTestUser, type TestUser } from "@/tests/support/factories";

let users: Record<Exclude<Caller, "anonymous">, TestUser>;
const headersFor = (caller: Caller) => (caller === "anonymous" ? {} : users[caller].authHeader);

beforeAll(async () => {
  const [viewer, tester, admin] = await Promise.all([createTestUser("VIEWER"), createTestUser("TESTER"), createTestUser("ADMIN")]);
  users = { VIEWER: viewer, TESTER: tester, ADMIN: admin };
});

function newSessionBody(primaryUrl: string, extra: Record<string, unknown> = {}) {
  return {
    name: "Checkout audit",
    description: "Cart and payment pages",
    approach: "automated",
    wcagVersion: "2.1",
    wcagLevel: "AAA",
    scope: { urls: [new URL("/cart", primaryUrl).toString(), new URL("/pay", primaryUrl).toString()] },
    ...extra,
  };
}

const patch = (id: string, caller: Caller, body: Record<string, unknown>) =>
  callRoute(sessionRoute.PATCH, { method: "PATCH", path: `/api/v1/sessions/${id}`, params: { id }, headers: headersFor(caller), body });

describe("sessions API: who may do what", () => {
  const matrix: RoleMatrix = [
    [
      "GET /projects/:id/sessions",
      { anonymous: 401, VIEWER: 200, TESTER: 200, ADMIN: 200 },
      async (caller) => {
        const project = await createTestProject(users.TESTER.actor);
        return callRoute(projectSessionsRoute.GET, { path: "/s", params: { id: project.id }, headers: headersFor(caller) });
      },
    ],
    [
      "POST /projects/:id/sessions",
      { anonymous: 401, VIEWER: 403, TESTER: 201, ADMIN: 201 },
      async (caller) => {
        const project = await createTestProject(users.TESTER.actor);
        return callRoute(projectSessionsRoute.POST, {
          method: "POST",
          path: "/s",
          params: { id: project.id },
          headers: headersFor(caller),
          body: newSessionBody(project.primaryUrl),
        });
      },
    ],
    [
      "GET /sessions/:id",
      { anonymous: 401, VIEWER: 200, TESTER: 200, ADMIN: 200 },
      async (caller) => {
        const session = await createTestSession(users.TESTER.actor, await createTestProject(users.TESTER.actor));
        return callRoute(sessionRoute.GET, { path: "/s", params: { id: session.id }, headers: headersFor(caller) });
      },
    ],
    [
      "PATCH /sessions/:id",
      { anonymous: 401, VIEWER: 403, TESTER: 200, ADMIN: 200 },
      async (caller) => {
        const session = await createTestSession(users.TESTER.actor, await createTestProject(users.TESTER.actor));
        return patch(session.id, caller, { name: "Renamed", expectedUpdatedAt: session.updatedAt.toISOString() });
      },
    ],
    [
      "POST /sessions/:id/duplicate",
      { anonymous: 401, VIEWER: 403, TESTER: 201, ADMIN: 201 },
      async (caller) => {
        const session = await createTestSession(users.TESTER.actor, await createTestProject(users.TESTER.actor));
        return callRoute(duplicateRoute.POST, { method: "POST", path: "/d", params: { id: session.id }, headers: headersFor(caller) });
      },
    ],
  ];
  itFollowsRoleMatrix(matrix);
});

describe("sessions API: creating and reading", () => {
  it("creates a draft session, speaking WCAG versions as 2.1/2.2", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const result = await callRoute(projectSessionsRoute.POST, {
      method: "POST",
      path: "/s",
      params: { id: project.id },
      headers: users.TESTER.authHeader,
      body: newSessionBody(project.primaryUrl),
    });
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({
      projectId: project.id,
      name: "Checkout audit",
      status: "draft",
      approach: "automated",
      wcagVersion: "2.1",
      wcagLevel: "AAA",
      startedAt: null,
      completedAt: null,
      scope: { urls: [new URL("/cart", project.primaryUrl).toString(), new URL("/pay", project.primaryUrl).toString()] },
      createdBy: { id: users.TESTER.user.id },
    });
    const stored = await db.testSession.findUniqueOrThrow({ where: { id: result.body.id }, select: { wcagVersion: true } });
    expect(stored.wcagVersion).toBe("v2_1");

    const list = await callRoute(projectSessionsRoute.GET, { path: "/s", params: { id: project.id }, headers: users.VIEWER.authHeader });
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 25, items: [{ id: result.body.id, wcagVersion: "2.1", violationCount: 0 }] });
  });

  it("lists a project's sessions newest first", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const first = await createTestSession(users.TESTER.actor, project, { name: "first" });
    const second = await createTestSession(users.TESTER.actor, project, { name: "second" });
    const list = await callRoute(projectSessionsRoute.GET, { path: "/s", params: { id: project.id }, headers: users.VIEWER.authHeader });
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([second.id, first.id]);
  });

  it("reports each invalid field", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const result = await callRoute(projectSessionsRoute.POST, {
      method: "POST",
      path: "/s",
      params: { id: project.id },
      headers: users.TESTER.authHeader,
      body: { name: "", approach: "robotic", wcagVersion: "3.0", wcagLevel: "AAAA", scope: { urls: ["not a url"] }, authConfigId: "x" },
    });
    expectError(result, 400, "invalid_request");
    const fields = Object.keys(result.body.error.fields);
    for (const field of ["name", "approach", "wcagVersion", "wcagLevel", "authConfigId"]) expect(fields).toContain(field);
    expect(fields.some((field) => field.startsWith("scope"))).toBe(true);
  });

  it("refuses URLs that are not on the project's site", async () => {
    const project = await createTestProject(users.TESTER.actor, { primaryUrl: "https://www.shop.example.net/" });
    const ok = await callRoute(projectSessionsRoute.POST, {
      method: "POST",
      path: "/s",
      params: { id: project.id },
      headers: users.TESTER.authHeader,
      body: newSessionBody(project.primaryUrl, { scope: { urls: ["https://shop.example.net/a", "https://help.shop.example.net/b"] } }),
    });
    expect(ok.status).toBe(201);
    const offSite = await callRoute(projectSessionsRoute.POST, {
      method: "POST",
      path: "/s",
      params: { id: project.id },
      headers: users.TESTER.authHeader,
      body: newSessionBody(project.primaryUrl, { scope: { urls: ["https://shop.example.net/a", "https://evil.example.com/"] } }),
    });
    expectError(offSite, 400, "invalid_request");
    expect(offSite.body.error.fields.scope[0]).toContain("evil.example.com");
  });

  it("accepts an auth config of the same project or a shared one, not another project's", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const other = await createTestProject(users.TESTER.actor);
    const shared = await createTestAuthConfig(users.ADMIN.actor);
    const foreign = await createTestAuthConfig(users.ADMIN.actor, { projectId: other.id });
    const create = (authConfigId: string) =>
      callRoute(projectSessionsRoute.POST, {
        method: "POST",
        path: "/s",
        params: { id: project.id },
        headers: users.TESTER.authHeader,
        body: newSessionBody(project.primaryUrl, { authConfigId }),
      });
    const withShared = await create(shared.id);
    expect(withShared.status).toBe(201);
    expect(withShared.body.authConfig).toEqual({ id: shared.id, name: shared.name });
    const withForeign = await create(foreign.id);
    expectError(withForeign, 400, "invalid_request");
    expect(withForeign.body.error.fields.authConfigId).toBeDefined();
  });

  it("refuses new sessions under an archived project", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const session = await createTestSession(users.TESTER.actor, project);
    await archiveProject(users.TESTER.actor, project.id);
    const created = await callRoute(projectSessionsRoute.POST, {
      method: "POST",
      path: "/s",
      params: { id: project.id },
      headers: users.TESTER.authHeader,
      body: newSessionBody(project.primaryUrl),
    });
    expectError(created, 409, "conflict");
    const duplicated = await callRoute(duplicateRoute.POST, { method: "POST", path: "/d", params: { id: session.id }, headers: users.TESTER.authHeader });
    expectError(duplicated, 409, "conflict");
  });

  it("does not make an open project edit stale when a session is added", async () => {
    const project = await createTestProject(users.TESTER.actor);
    await createTestSession(users.TESTER.actor, project);
    const after = await db.project.findUniqueOrThrow({ where: { id: project.id }, select: { updatedAt: true, lastActivityAt: true } });
    expect(after.updatedAt.toISOString()).toBe(project.updatedAt.toISOString());
    expect(after.lastActivityAt.getTime()).toBeGreaterThanOrEqual(project.lastActivityAt.getTime());
  });
});

describe("sessions API: editing and the status lifecycle", () => {
  it("moves a manual session through its lifecycle, setting the timestamps", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const session = await createTestSession(users.TESTER.actor, project, { approach: "manual" });
    const queued = await patch(session.id, "TESTER", { status: "queued", expectedUpdatedAt: session.updatedAt.toISOString() });
    expect(queued.body).toMatchObject({ status: "queued", startedAt: null });
    const running = await patch(session.id, "TESTER", { status: "running", expectedUpdatedAt: queued.body.updatedAt });
    expect(running.body).toMatchObject({ status: "running", startedAt: expect.any(String), completedAt: null });
    const completed = await patch(session.id, "TESTER", { status: "completed", expectedUpdatedAt: running.body.updatedAt });
    expect(completed.body).toMatchObject({ status: "completed", completedAt: expect.any(String) });
    expect(Date.parse(completed.body.completedAt)).toBeGreaterThanOrEqual(Date.parse(running.body.startedAt));

    const audit = await db.auditEvent.findMany({ where: { recordId: session.id }, orderBy: { createdAt: "asc" }, select: { action: true, changes: true } });
    expect(audit.map((event) => event.action)).toEqual(["session.create", "session.status_change", "session.status_change", "session.status_change"]);
    expect(audit[3]!.changes).toMatchObject({ status: { from: "running", to: "completed" } });
  });

  it("answers an impossible transition with 409 and the current status", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const session = await createTestSession(users.TESTER.actor, project, { approach: "manual" });
    const result = await patch(session.id, "TESTER", { status: "completed", expectedUpdatedAt: session.updatedAt.toISOString() });
    expectError(result, 409, "conflict");
    expect(result.body.error.currentStatus).toBe("draft");
    const stored = await db.testSession.findUniqueOrThrow({ where: { id: session.id }, select: { status: true, completedAt: true } });
    expect(stored).toEqual({ status: "draft", completedAt: null });
  });

  it("leaves automated sessions' status to scans", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const session = await createTestSession(users.TESTER.actor, project);
    const result = await patch(session.id, "TESTER", { status: "queued", expectedUpdatedAt: session.updatedAt.toISOString() });
    expectError(result, 409, "conflict");
    expect(result.body.error.currentStatus).toBe("draft");
  });

  it("refuses scan-setting changes while a scan is queued or running, but allows renaming", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const session = await createTestSession(users.TESTER.actor, project);
    await db.$transaction((tx) => transitionSession(tx, session.id, "queued"));
    const { updatedAt } = await db.testSession.findUniqueOrThrow({ where: { id: session.id }, select: { updatedAt: true } });
    const settings = await patch(session.id, "TESTER", { wcagLevel: "A", expectedUpdatedAt: updatedAt.toISOString() });
    expectError(settings, 409, "conflict");
    expect(settings.body.error.currentStatus).toBe("queued");
    const rename = await patch(session.id, "TESTER", { name: "Renamed while queued", expectedUpdatedAt: updatedAt.toISOString() });
    expect(rename.status).toBe(200);
    expect(rename.body.name).toBe("Renamed while queued");
  });

  it("refuses a stale edit with the current session and what changed", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const session = await createTestSession(users.TESTER.actor, project);
    const version = session.updatedAt.toISOString();
    const first = await patch(session.id, "ADMIN", { wcagVersion: "2.1", description: "Theirs", expectedUpdatedAt: version });
    expect(first.status).toBe(200);
    const stale = await patch(session.id, "TESTER", { name: "Mine", expectedUpdatedAt: version });
    expectError(stale, 409, "conflict");
    expect(stale.body.error.changedFields).toEqual(["description", "wcagVersion"]);
    expect(stale.body.error.current).toMatchObject({ id: session.id, wcagVersion: "2.1", description: "Theirs" });
  });

  it("validates an edited scope against the project's site", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const session = await createTestSession(users.TESTER.actor, project);
    const result = await patch(session.id, "TESTER", { scope: { urls: ["https://elsewhere.example.com/"] }, expectedUpdatedAt: session.updatedAt.toISOString() });
    expectError(result, 400, "invalid_request");
    expect(result.body.error.fields.scope).toBeDefined();
  });

  it("duplicates a session as a new draft with the same scope and settings", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const session = await createTestSession(users.TESTER.actor, project, { approach: "manual", wcagVersion: "2.1", wcagLevel: "A" });
    await db.$transaction((tx) => transitionSession(tx, session.id, "queued"));
    const copy = await callRoute(duplicateRoute.POST, { method: "POST", path: "/d", params: { id: session.id }, headers: users.TESTER.authHeader, body: {} });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({
      name: `${session.name} (copy)`,
      status: "draft",
      approach: "manual",
      wcagVersion: "2.1",
      wcagLevel: "A",
      scope: session.scope,
      projectId: project.id,
      createdBy: { id: users.TESTER.user.id },
    });
    expect(copy.body.id).not.toBe(session.id);
    const named = await callRoute(duplicateRoute.POST, { method: "POST", path: "/d", params: { id: session.id }, headers: users.TESTER.authHeader, body: { name: "Round 2" } });
    expect(named.body.name).toBe("Round 2");
  });
});
