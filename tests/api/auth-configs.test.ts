import { callRoute, responseLog } from "./call-route";
import { expectError, itFollowsRoleMatrix, type Caller, type RoleMatrix } from "./role-matrix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as auditRoute from "@/app/api/v1/audit-events/route";
import * as authConfigRoute from "@/app/api/v1/auth-configs/[id]/route";
import * as authConfigsRoute from "@/app/api/v1/auth-configs/route";
import * as projectRoute from "@/app/api/v1/projects/[id]/route";
import * as sessionRoute from "@/app/api/v1/sessions/[id]/route";
import { readAuthConfigCredentials } from "@/lib/auth-configs/queries";
import { db } from "@/lib/db";
import { createTestProject, createTestSession, createTestUser, uniqueSuffix, type TestUser } from "@/tests/support/factories";

let users: Record<Exclude<Caller, "anonymous">, TestUser>;
const headersFor = (caller: Caller) => (caller === "anonymous" ? {} : users[caller].authHeader);

/** Every plaintext secret this suite sends; none may come back in any response or audit entry. */
const plaintexts: string[] = [];
function newSecret(): string {
  const secret = `pl41n-${uniqueSuffix()}-s3cret`;
  plaintexts.push(secret);
  return secret;
}

function apiKeyBody(extra: Record<string, unknown> = {}) {
  const suffix = uniqueSuffix();
  return {
    name: `Staging key ${suffix}`,
    type: "api_key",
    domain: `app-${suffix}.example.org`,
    url: `https://app-${suffix}.example.org/dashboard`,
    settings: { headerName: "X-API-Key" },
    secret: newSecret(),
    ...extra,
  };
}

const create = (body: Record<string, unknown>, caller: Caller = "ADMIN") =>
  callRoute(authConfigsRoute.POST, { method: "POST", path: "/api/v1/auth-configs", headers: headersFor(caller), body });
const update = (id: string, body: Record<string, unknown>) =>
  callRoute(authConfigRoute.PATCH, { method: "PATCH", path: `/api/v1/auth-configs/${id}`, params: { id }, headers: users.ADMIN.authHeader, body });

beforeAll(async () => {
  const [viewer, tester, admin] = await Promise.all([createTestUser("VIEWER"), createTestUser("TESTER"), createTestUser("ADMIN")]);
  users = { VIEWER: viewer, TESTER: tester, ADMIN: admin };
});

afterAll(async () => {
  // The suite's own audit trail, read back through the API like an admin would.
  const audit = await callRoute(auditRoute.GET, { path: "/api/v1/audit-events?recordType=auth_config&pageSize=200", headers: users.ADMIN.authHeader });
  expect(audit.body.total).toBeGreaterThan(0);
  const auditRows = await db.auditEvent.findMany({ select: { changes: true } });
  const everything = [...responseLog, JSON.stringify(auditRows)].join("\n");
  expect(plaintexts.length).toBeGreaterThan(5);
  for (const secret of plaintexts) expect(everything).not.toContain(secret);
  expect(everything).not.toMatch(/secretEncrypted|secret_encrypted/);
});

describe("auth configs API: admins only", () => {
  const matrix: RoleMatrix = [
    ["GET /auth-configs", { anonymous: 401, VIEWER: 403, TESTER: 403, ADMIN: 200 }, (caller) => callRoute(authConfigsRoute.GET, { path: "/a", headers: headersFor(caller) })],
    ["POST /auth-configs", { anonymous: 401, VIEWER: 403, TESTER: 403, ADMIN: 201 }, (caller) => create(apiKeyBody(), caller)],
    [
      "GET /auth-configs/:id",
      { anonymous: 401, VIEWER: 403, TESTER: 403, ADMIN: 200 },
      async (caller) => {
        const created = await create(apiKeyBody());
        return callRoute(authConfigRoute.GET, { path: "/a", params: { id: created.body.id }, headers: headersFor(caller) });
      },
    ],
    [
      "PATCH /auth-configs/:id",
      { anonymous: 401, VIEWER: 403, TESTER: 403, ADMIN: 200 },
      async (caller) => {
        const created = await create(apiKeyBody());
        return callRoute(authConfigRoute.PATCH, {
          method: "PATCH",
          path: "/a",
          params: { id: created.body.id },
          headers: headersFor(caller),
          body: { status: "inactive", expectedUpdatedAt: created.body.updatedAt },
        });
      },
    ],
    [
      "DELETE /auth-configs/:id",
      { anonymous: 401, VIEWER: 403, TESTER: 403, ADMIN: 200 },
      async (caller) => {
        const created = await create(apiKeyBody());
        return callRoute(authConfigRoute.DELETE, { method: "DELETE", path: "/a", params: { id: created.body.id }, headers: headersFor(caller) });
      },
    ],
  ];
  itFollowsRoleMatrix(matrix);
});

describe("auth configs API: validation per type", () => {
  it("needs a header name for an API key, and a URL on the domain", async () => {
    const result = await create(apiKeyBody({ settings: {}, domain: "app.example.org", url: "https://other.example.com/" }));
    expectError(result, 400, "invalid_request");
    expect(Object.keys(result.body.error.fields).sort()).toEqual(["settings.headerName", "url"]);
  });

  it("accepts a URL on a subdomain of the domain, and lower-cases the domain", async () => {
    const result = await create(apiKeyBody({ domain: "Example.ORG", url: "https://app.example.org/x" }));
    expect(result.status).toBe(201);
    expect(result.body.domain).toBe("example.org");
  });

  it("rejects a domain written as a URL and an unknown type", async () => {
    const badDomain = await create(apiKeyBody({ domain: "https://example.org/", url: null }));
    expect(badDomain.body.error.fields).toHaveProperty("domain");
    const badType = await create(apiKeyBody({ type: "kerberos" }));
    expectError(badType, 400, "invalid_request");
    expect(badType.body.error.fields).toHaveProperty("type");
  });

  it("needs the selectors and a success check for a login form, and a username and secret", async () => {
    const result = await create({ name: "Form", type: "form", domain: "example.org", settings: { usernameSelector: "#user" } });
    expectError(result, 400, "invalid_request");
    expect(Object.keys(result.body.error.fields).sort()).toEqual([
      "secret",
      "settings.passwordSelector",
      "settings.submitSelector",
      "settings.successCheck",
      "username",
    ]);
    const noSecret = await create({
      name: "Form",
      type: "form",
      domain: "example.org",
      username: "tester@example.org",
      settings: {
        usernameSelector: "#user",
        passwordSelector: "#password",
        submitSelector: "button[type=submit]",
        successCheck: { kind: "selector_visible", value: ".dashboard" },
      },
    });
    expectError(noSecret, 400, "invalid_request");
    expect(Object.keys(noSecret.body.error.fields)).toEqual(["secret"]);
  });

  it("takes an ordered list of custom steps and rejects unknown ones", async () => {
    const steps = [
      { action: "goto", url: "https://example.org/login" },
      { action: "fill", selector: "#email", source: "username" },
      { action: "fill", selector: "#password", source: "secret" },
      { action: "click", selector: "button[type=submit]" },
      { action: "wait_for_url", url: "/home" },
      { action: "wait_for_selector", selector: ".avatar" },
    ];
    const ok = await create({ name: "Custom", type: "custom", domain: "example.org", username: "me", secret: newSecret(), settings: { steps } });
    expect(ok.status).toBe(201);
    expect(ok.body.settings.steps).toEqual(steps);
    const bad = await create({ name: "Custom", type: "custom", domain: "example.org", settings: { steps: [{ action: "teleport" }] } });
    expectError(bad, 400, "invalid_request");
    expect(Object.keys(bad.body.error.fields)).toEqual(["settings.steps.0.action"]);
    const none = await create({ name: "Custom", type: "custom", domain: "example.org", settings: { steps: [] } });
    expect(none.body.error.fields).toHaveProperty(["settings.steps"]);
  });
});

describe("auth configs API: the secret is write-only", () => {
  it("stores the secret encrypted, reports only whether it is set, and audits set/changed/cleared", async () => {
    const secret = newSecret();
    const created = await create(apiKeyBody({ secret }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ hasSecret: true, secretUpdatedAt: expect.any(String), settings: { headerName: "X-API-Key" } });
    expect(created.body).not.toHaveProperty("secret");
    const stored = await db.authConfig.findUniqueOrThrow({ where: { id: created.body.id }, select: { secretEncrypted: true } });
    expect(stored.secretEncrypted).toMatch(/^v1\./);
    expect(stored.secretEncrypted).not.toContain(secret);
    expect((await readAuthConfigCredentials(created.body.id)).secret).toBe(secret);

    const renamed = await update(created.body.id, { name: "Renamed key", expectedUpdatedAt: created.body.updatedAt });
    expect(renamed.body).toMatchObject({ name: "Renamed key", hasSecret: true, secretUpdatedAt: created.body.secretUpdatedAt });

    const rotated = await update(created.body.id, { secret: newSecret(), expectedUpdatedAt: renamed.body.updatedAt });
    expect(rotated.status).toBe(200);
    expect(Date.parse(rotated.body.secretUpdatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.secretUpdatedAt));

    // An API key cannot work without its key.
    const clearKey = await update(created.body.id, { secret: null, expectedUpdatedAt: rotated.body.updatedAt });
    expectError(clearKey, 400, "invalid_request");
    expect(clearKey.body.error.fields).toHaveProperty("secret");

    const steps = [{ action: "goto", url: "https://sso.example.org/start" }];
    const switched = await update(created.body.id, { type: "saml", settings: { steps }, secret: null, expectedUpdatedAt: rotated.body.updatedAt });
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ type: "saml", hasSecret: false, secretUpdatedAt: null, settings: { steps } });

    const events = await db.auditEvent.findMany({ where: { recordId: created.body.id }, orderBy: { createdAt: "asc" }, select: { action: true, changes: true } });
    expect(events.map((event) => (event.changes as { secret?: string }).secret)).toEqual(["set", undefined, "changed", "cleared"]);
    expect(events[1]!.changes).toMatchObject({ name: { to: "Renamed key" } });
  });

  it("never shows the secret through project or session endpoints either", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const created = await create(apiKeyBody({ projectId: project.id, domain: new URL(project.primaryUrl).hostname, url: null }));
    const session = await createTestSession(users.TESTER.actor, project, { authConfigId: created.body.id });
    for (const caller of ["VIEWER", "ADMIN"] as const) {
      const projectView = await callRoute(projectRoute.GET, { path: "/p", params: { id: project.id }, headers: headersFor(caller) });
      expect(projectView.body.authConfigs[0].id).toBe(created.body.id);
      const sessionView = await callRoute(sessionRoute.GET, { path: "/s", params: { id: session.id }, headers: headersFor(caller) });
      expect(sessionView.body.authConfig).toEqual({ id: created.body.id, name: created.body.name });
    }
  });
});

describe("auth configs API: edits and deletion", () => {
  it("refuses a stale edit with the fields changed since, without revealing the secret", async () => {
    const created = await create(apiKeyBody());
    const first = await update(created.body.id, { settings: { headerName: "Authorization" }, secret: newSecret(), expectedUpdatedAt: created.body.updatedAt });
    expect(first.status).toBe(200);
    const stale = await update(created.body.id, { status: "inactive", expectedUpdatedAt: created.body.updatedAt });
    expectError(stale, 409, "conflict");
    expect(stale.body.error.changedFields).toEqual(["secret", "settings"]);
    expect(stale.body.error.current).toMatchObject({ id: created.body.id, hasSecret: true, settings: { headerName: "Authorization" } });
  });

  it("reports an unchanged edit as a no-op without a new version", async () => {
    const created = await create(apiKeyBody());
    const same = await update(created.body.id, { settings: { headerName: "X-API-Key" }, name: created.body.name, expectedUpdatedAt: created.body.updatedAt });
    expect(same.status).toBe(200);
    expect(same.body.updatedAt).toBe(created.body.updatedAt);
  });

  it("deletes a credential and unlinks the sessions that used it", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const created = await create(apiKeyBody({ domain: new URL(project.primaryUrl).hostname, url: null }));
    const session = await createTestSession(users.TESTER.actor, project, { authConfigId: created.body.id });
    const deleted = await callRoute(authConfigRoute.DELETE, { method: "DELETE", path: "/a", params: { id: created.body.id }, headers: users.ADMIN.authHeader });
    expect(deleted.body).toEqual({ id: created.body.id, name: created.body.name, sessionsUnlinked: 1 });
    expect(await db.testSession.findUniqueOrThrow({ where: { id: session.id }, select: { authConfigId: true } })).toEqual({ authConfigId: null });
    const gone = await callRoute(authConfigRoute.GET, { path: "/a", params: { id: created.body.id }, headers: users.ADMIN.authHeader });
    expectError(gone, 404, "not_found");
  });

  it("lists credentials for admins, filtered by project", async () => {
    const project = await createTestProject(users.TESTER.actor);
    const created = await create(apiKeyBody({ projectId: project.id }));
    const list = await callRoute(authConfigsRoute.GET, { path: `/api/v1/auth-configs?projectId=${project.id}`, headers: users.ADMIN.authHeader });
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 25, items: [{ id: created.body.id, project: { id: project.id, name: project.name } }] });
  });
});
