import { callRoute } from "./call-route";
import { expectError, itFollowsRoleMatrix, type Caller, type RoleMatrix } from "./role-matrix";
import { beforeAll, describe, expect, it } from "vitest";
import * as archiveRoute from "@/app/api/v1/projects/[id]/archive/route";
import * as projectRoute from "@/app/api/v1/projects/[id]/route";
import * as unarchiveRoute from "@/app/api/v1/projects/[id]/unarchive/route";
import * as projectsRoute from "@/app/api/v1/projects/route";
import { db } from "@/lib/db";
import {
  addTestResults,
  createTestAuthConfig,
  createTestProject,
  createTestSession,
  createTestUser,
  uniqueSuffix,
  type TestUser,
} from "@/tests/support/factories";


let users: Record<Exclude<Caller, "anonymous">, TestUser>;

function headersFor(caller: Caller): Record<string, string> {
  return caller === "anonymous" ? {} : users[caller].authHeader;
}

beforeAll(async () => {
  const [viewer, tester, admin] = await Promise.all([createTestUser("VIEWER"), createTestUser("TESTER"), createTestUser("ADMIN")]);
  users = { VIEWER: viewer, TESTER: tester, ADMIN: admin };
});

describe("projects API: who may do what", () => {
  const matrix: RoleMatrix = [
    [
      "GET /projects",
      { anonymous: 401, VIEWER: 200, TESTER: 200, ADMIN: 200 },
      (caller) => callRoute(projectsRoute.GET, { path: "/api/v1/projects", headers: headersFor(caller) }),
    ],
    [
      "POST /projects",
      { anonymous: 401, VIEWER: 403, TESTER: 201, ADMIN: 201 },
      (caller) =>
        callRoute(projectsRoute.POST, {
          method: "POST",
          path: "/api/v1/projects",
          headers: headersFor(caller),
          body: { name: `Matrix ${uniqueSuffix()}`, primaryUrl: "https://matrix.example.org" },
        }),
    ],
    [
      "GET /projects/:id",
      { anonymous: 401, VIEWER: 200, TESTER: 200, ADMIN: 200 },
      async (caller) => {
        const project = await createTestProject(users.TESTER.actor);
        return callRoute(projectRoute.GET, { path: `/api/v1/projects/${project.id}`, params: { id: project.id }, headers: headersFor(caller) });
      },
    ],
    [
      "PATCH /projects/:id",
      { anonymous: 401, VIEWER: 403, TESTER: 200, ADMIN: 200 },
      async (caller) => {
        const project = await createTestProject(users.TESTER.actor);
        return callRoute(projectRoute.PATCH, {
          method: "PATCH",
          path: `/api/v1/projects/${project.id}`,
          params: { id: project.id },
          headers: headersFor(caller),
          body: { description: "Edited", expectedUpdatedAt: project.updatedAt.toISOString() },
        });
      },
    ],
    [
      "POST /projects/:id/archive",
      { anonymous: 401, VIEWER: 403, TESTER: 200, ADMIN: 200 },
      async (caller) => {
        const project = await createTestProject(users.TESTER.actor);
        return callRoute(archiveRoute.POST, { method: "POST", path: `/api/v1/projects/${project.id}/archive`, params: { id: project.id }, headers: headersFor(caller) });
      },
    ],
    [
      "POST /projects/:id/unarchive",
      { anonymous: 401, VIEWER: 403, TESTER: 200, ADMIN: 200 },
      async (caller) => {
        const project = await createTestProject(users.TESTER.actor);
        await callRoute(archiveRoute.POST, { method: "POST", path: "/archive", params: { id: project.id }, headers: users.TESTER.authHeader });
        return callRoute(unarchiveRoute.POST, { method: "POST", path: `/api/v1/projects/${project.id}/unarchive`, params: { id: project.id }, headers: headersFor(caller) });
      },
    ],
    [
      "DELETE /projects/:id",
      { anonymous: 401, VIEWER: 403, TESTER: 403, ADMIN: 200 },
      async (caller) => {
        const project = await createTestProject(users.TESTER.actor);
        await callRoute(archiveRoute.POST, { method: "POST", path: "/archive", params: { id: project.id }, headers: users.TESTER.authHeader });
        return callRoute(projectRoute.DELETE, {
          method: "DELETE",
          path: `/api/v1/projects/${project.id}`,
          params: { id: project.id },
          headers: headersFor(caller),
          body: { confirmName: project.name },
        });
      },
    ],
  ];

  itFollowsRoleMatrix(matrix);
});

describe("projects API: validation", () => {
  it("reports every invalid field of a new project", async () => {
    const result = await callRoute(projectsRoute.POST, {
      method: "POST",
      path: "/api/v1/projects",
      headers: users.TESTER.authHeader,
      body: { name: "   ", primaryUrl: "ftp://example.org", clientName: "x".repeat(201), description: "d".repeat(5001) },
    });
    expectError(result, 400, "invalid_request");
    expect(Object.keys(result.body.error.fields).sort()).toEqual(["clientName", "description", "name", "primaryUrl"]);
    expect(result.body.error.fields.name).toEqual(["Enter a project name."]);
    expect(result.body.error.fields.primaryUrl[0]).toMatch(/absolute URL/);
  });

  it("requires a name and a primary URL, and accepts only http(s) URLs", async () => {
    const missing = await callRoute(projectsRoute.POST, { method: "POST", path: "/api/v1/projects", headers: users.TESTER.authHeader, body: {} });
    expectError(missing, 400, "invalid_request");
    expect(Object.keys(missing.body.error.fields).sort()).toEqual(["name", "primaryUrl"]);
    const relative = await callRoute(projectsRoute.POST, {
      method: "POST",
      path: "/api/v1/projects",
      headers: users.TESTER.authHeader,
      body: { name: `Relative ${uniqueSuffix()}`, primaryUrl: "/just/a/path" },
    });
    expect(relative.body.error.fields).toHaveProperty("primaryUrl");
  });

  it("rejects a malformed id with 400 and an unknown one with 404", async () => {
    const malformed = await callRoute(projectRoute.GET, { path: "/api/v1/projects/nope", params: { id: "nope" }, headers: users.VIEWER.authHeader });
    expectError(malformed, 400, "invalid_request");
    expect(malformed.body.error.fields).toHaveProperty("id");
    const id = "00000000-0000-4000-8000-000000000000";
    const missing = await callRoute(projectRoute.GET, { path: `/api/v1/projects/${id}`, params: { id }, headers: users.VIEWER.authHeader });
    expectError(missing, 404, "not_found");
  });

  it("needs expectedUpdatedAt on every edit", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const result = await callRoute(projectRoute.PATCH, {
      method: "PATCH",
      path: "/p",
      params: { id: project.id },
      headers: users.TESTER.authHeader,
      body: { name: "No version" },
    });
    expectError(result, 400, "invalid_request");
    expect(result.body.error.fields).toHaveProperty("expectedUpdatedAt");
  });

  it("rejects invalid list parameters", async () => {
    const result = await callRoute(projectsRoute.GET, { path: "/api/v1/projects?sort=size&pageSize=500", headers: users.VIEWER.authHeader });
    expectError(result, 400, "invalid_request");
    expect(Object.keys(result.body.error.fields).sort()).toEqual(["pageSize", "sort"]);
  });
});

describe("projects API: names are unique among live projects", () => {
  it("refuses a name that differs only in case, and allows it once the other is archived", async () => {
    const name = `Unique Name ${uniqueSuffix()}`;
    const first = await callRoute(projectsRoute.POST, {
      method: "POST",
      path: "/api/v1/projects",
      headers: users.TESTER.authHeader,
      body: { name, primaryUrl: "https://one.example.org" },
    });
    expect(first.status).toBe(201);
    const clash = await callRoute(projectsRoute.POST, {
      method: "POST",
      path: "/api/v1/projects",
      headers: users.TESTER.authHeader,
      body: { name: name.toUpperCase(), primaryUrl: "https://two.example.org" },
    });
    expectError(clash, 409, "conflict");
    expect(clash.body.error.fields.name[0]).toMatch(/already uses this name/);

    await callRoute(archiveRoute.POST, { method: "POST", path: "/archive", params: { id: first.body.id }, headers: users.TESTER.authHeader });
    const reuse = await callRoute(projectsRoute.POST, {
      method: "POST",
      path: "/api/v1/projects",
      headers: users.TESTER.authHeader,
      body: { name: name.toLowerCase(), primaryUrl: "https://two.example.org" },
    });
    expect(reuse.status).toBe(201);

    // Unarchiving re-checks: the name now belongs to the new project.
    const unarchive = await callRoute(unarchiveRoute.POST, { method: "POST", path: "/unarchive", params: { id: first.body.id }, headers: users.TESTER.authHeader });
    expectError(unarchive, 409, "conflict");
    expect(unarchive.body.error.fields.name).toBeDefined();
  });

  it("lets exactly one of two simultaneous creations with the same name win", async () => {
    const name = `Race ${uniqueSuffix()}`;
    const create = () =>
      callRoute(projectsRoute.POST, {
        method: "POST",
        path: "/api/v1/projects",
        headers: users.TESTER.authHeader,
        body: { name, primaryUrl: "https://race.example.org" },
      });
    const results = await Promise.all([create(), create(), create()]);
    expect(results.map((result) => result.status).sort()).toEqual([201, 409, 409]);
    expect(await db.project.count({ where: { name } })).toBe(1);
  });

  it("refuses renaming onto another live project's name", async () => {
    const taken = await createTestProject(users.TESTER.actor);
    const project = await createTestProject(users.TESTER.actor);
    const result = await callRoute(projectRoute.PATCH, {
      method: "PATCH",
      path: "/p",
      params: { id: project.id },
      headers: users.TESTER.authHeader,
      body: { name: taken.name.toLowerCase(), expectedUpdatedAt: project.updatedAt.toISOString() },
    });
    expectError(result, 409, "conflict");
    expect(result.body.error.fields.name).toBeDefined();
  });
});

describe("projects API: stale edits", () => {
  it("refuses an edit based on an old version with the current record and the changed fields", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const version = project.updatedAt.toISOString();
    const first = await callRoute(projectRoute.PATCH, {
      method: "PATCH",
      path: "/p",
      params: { id: project.id },
      headers: users.ADMIN.authHeader,
      body: { primaryUrl: "https://moved.example.org/", clientName: "New client", expectedUpdatedAt: version },
    });
    expect(first.status).toBe(200);
    expect(first.body.updatedAt).not.toBe(version);

    const stale = await callRoute(projectRoute.PATCH, {
      method: "PATCH",
      path: "/p",
      params: { id: project.id },
      headers: users.TESTER.authHeader,
      body: { description: "Mine", expectedUpdatedAt: version },
    });
    expectError(stale, 409, "conflict");
    expect(stale.body.error.reason).toBe("stale");
    expect(stale.body.error.changedFields).toEqual(["clientName", "primaryUrl"]);
    expect(stale.body.error.current).toMatchObject({ id: project.id, primaryUrl: "https://moved.example.org/", updatedAt: first.body.updatedAt });
    const stored = await db.project.findUniqueOrThrow({ where: { id: project.id }, select: { description: true } });
    expect(stored.description).toBeNull();

    const retried = await callRoute(projectRoute.PATCH, {
      method: "PATCH",
      path: "/p",
      params: { id: project.id },
      headers: users.TESTER.authHeader,
      body: { description: "Mine", expectedUpdatedAt: stale.body.error.current.updatedAt },
    });
    expect(retried.status).toBe(200);
    expect(retried.body.description).toBe("Mine");
  });

  it("lets only one of two edits from the same version through", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const edit = (description: string) =>
      callRoute(projectRoute.PATCH, {
        method: "PATCH",
        path: "/p",
        params: { id: project.id },
        headers: users.TESTER.authHeader,
        body: { description, expectedUpdatedAt: project.updatedAt.toISOString() },
      });
    const results = await Promise.all([edit("A"), edit("B")]);
    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
  });
});

describe("projects API: archive, unarchive and delete", () => {
  it("hides archived projects from the default list and restores them on unarchive", async () => {
    const marker = uniqueSuffix();
    const project = await createTestProject(users.TESTER.actor, { name: `Archivable ${marker}` });
    const archived = await callRoute(archiveRoute.POST, { method: "POST", path: "/archive", params: { id: project.id }, headers: users.TESTER.authHeader });
    expect(archived.body).toMatchObject({ status: "archived", archivedAt: expect.any(String) });

    const list = (query: string) => callRoute(projectsRoute.GET, { path: `/api/v1/projects?q=${marker}${query}`, headers: users.VIEWER.authHeader });
    expect((await list("")).body).toMatchObject({ items: [], total: 0, page: 1, pageSize: 25 });
    expect((await list("&status=archived")).body.items.map((item: { id: string }) => item.id)).toEqual([project.id]);
    expect((await list("&status=all")).body.total).toBe(1);

    const again = await callRoute(archiveRoute.POST, { method: "POST", path: "/archive", params: { id: project.id }, headers: users.TESTER.authHeader });
    expectError(again, 409, "conflict");
    expect(again.body.error.currentStatus).toBe("archived");

    const restored = await callRoute(unarchiveRoute.POST, { method: "POST", path: "/unarchive", params: { id: project.id }, headers: users.TESTER.authHeader });
    expect(restored.body).toMatchObject({ status: "active", archivedAt: null });
    expect((await list("")).body.total).toBe(1);

    const events = await db.auditEvent.findMany({ where: { recordId: project.id }, orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(events.map((event) => event.action)).toEqual(["project.create", "project.archive", "project.unarchive"]);
  });

  it("deletes only an archived project, only with its exact name, and records what was removed", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const sessionA = await createTestSession(users.TESTER.actor, project);
    await createTestSession(users.TESTER.actor, project);
    await addTestResults(sessionA.id, { pages: 3, violationsPerPage: 2, screenshots: 2 });
    const config = await createTestAuthConfig(users.ADMIN.actor, { projectId: project.id });

    const del = (confirmName: string) =>
      callRoute(projectRoute.DELETE, { method: "DELETE", path: "/p", params: { id: project.id }, headers: users.ADMIN.authHeader, body: { confirmName } });

    const live = await del(project.name);
    expectError(live, 409, "conflict");
    expect(live.body.error.currentStatus).toBe("active");

    await callRoute(archiveRoute.POST, { method: "POST", path: "/archive", params: { id: project.id }, headers: users.TESTER.authHeader });
    const wrong = await del(project.name.toUpperCase());
    expectError(wrong, 400, "invalid_request");
    expect(wrong.body.error.fields.confirmName).toBeDefined();
    expect(await db.project.count({ where: { id: project.id } })).toBe(1);

    const deleted = await del(project.name);
    expect(deleted.status).toBe(200);
    // 3 pages × (2 violations + 1 needs-review finding) = 9 findings, all removed.
    expect(deleted.body).toEqual({ id: project.id, name: project.name, removed: { sessions: 2, runs: 1, pageResults: 3, violations: 9, screenshots: 2 } });
    expect(await db.testSession.count({ where: { projectId: project.id } })).toBe(0);
    expect(await db.violation.count({ where: { sessionId: sessionA.id } })).toBe(0);
    // Credentials outlive the project: unlinked, not deleted.
    expect(await db.authConfig.findUnique({ where: { id: config.id }, select: { projectId: true } })).toEqual({ projectId: null });

    const audit = await db.auditEvent.findFirstOrThrow({ where: { recordId: project.id, action: "project.delete" }, select: { changes: true, actorId: true } });
    expect(audit.actorId).toBe(users.ADMIN.user.id);
    expect(audit.changes).toMatchObject({ name: project.name, removed: { sessions: 2, runs: 1, pageResults: 3, violations: 9, screenshots: 2 } });

    const gone = await callRoute(projectRoute.GET, { path: "/p", params: { id: project.id }, headers: users.ADMIN.authHeader });
    expectError(gone, 404, "not_found");
  });
});

describe("projects API: detail", () => {
  it("shows auth config names to non-admins and more to admins, never a secret", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const config = await createTestAuthConfig(users.ADMIN.actor, { projectId: project.id });
    const asViewer = await callRoute(projectRoute.GET, { path: "/p", params: { id: project.id }, headers: users.VIEWER.authHeader });
    expect(asViewer.body.authConfigs).toEqual([{ id: config.id, name: config.name }]);
    const asAdmin = await callRoute(projectRoute.GET, { path: "/p", params: { id: project.id }, headers: users.ADMIN.authHeader });
    expect(asAdmin.body.authConfigs[0]).toMatchObject({ id: config.id, type: "api_key", hasSecret: true });
    expect(asAdmin.text).not.toMatch(/secretEncrypted|secret-/);
    expect(asAdmin.body).toMatchObject({ id: project.id, name: project.name, createdBy: { id: users.TESTER.user.id } });
  });
});
