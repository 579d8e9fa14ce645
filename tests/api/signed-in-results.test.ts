import { callRoute } from "./call-route";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as authConfigsRoute from "@/app/api/v1/auth-configs/route";
import * as projectRoute from "@/app/api/v1/projects/[id]/route";
import * as projectSessionsRoute from "@/app/api/v1/projects/[id]/sessions/route";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as runResultsRoute from "@/app/api/v1/runs/[id]/results/route";
import * as exportRoute from "@/app/api/v1/sessions/[id]/export/route";
import * as resultsRoute from "@/app/api/v1/sessions/[id]/results/route";
import * as sessionRoute from "@/app/api/v1/sessions/[id]/route";
import * as scanRoute from "@/app/api/v1/sessions/[id]/scan/route";
import * as violationsRoute from "@/app/api/v1/sessions/[id]/violations/route";
import { exportFindings } from "@/lib/results/export";
import { getScanProgress } from "@/lib/scans/progress";
import { startScanWorker, type ScanWorker } from "@/lib/scans/worker";
import { AUTH_FIXTURE, startAuthFixtureSite, type AuthFixtureSite } from "@/tests/support/auth-fixture-site";
import { createTestUser, uniqueSuffix, type TestUser } from "@/tests/support/factories";
import { waitFor } from "@/tests/support/scan-factories";

let site: AuthFixtureSite;
let admin: TestUser;
let worker: ScanWorker;

beforeAll(async () => {
  site = await startAuthFixtureSite();
  admin = await createTestUser("ADMIN");
  worker = startScanWorker({ concurrency: 2, leaseMs: 5_000, pollMs: 100 });
});

afterAll(async () => {
  await worker?.stop();
  await site?.close();
});

const call = (route: { GET?: unknown; POST?: unknown; PATCH?: unknown }, method: "GET" | "POST" | "PATCH", path: string, options: { params?: Record<string, string>; body?: unknown } = {}) =>
  callRoute((route as Record<string, Parameters<typeof callRoute>[0]>)[method]!, { method, path, headers: admin.authHeader, ...options });

function formConfig(password: string, projectId: string | null = null) {
  return {
    name: `Form ${uniqueSuffix()}`,
    type: "form",
    domain: "127.0.0.1",
    projectId,
    loginPage: site.url("/form/login"),
    username: AUTH_FIXTURE.username,
    secret: password,
    settings: {
      usernameSelector: "#email",
      passwordSelector: "#password",
      submitSelector: "#sign-in",
      successCheck: { kind: "text_present", value: "Welcome back" },
      stepTimeoutMs: 3_000,
    },
  };
}

async function createConfig(password: string, projectId: string | null = null): Promise<string> {
  const created = await call(authConfigsRoute, "POST", "/api/v1/auth-configs", { body: formConfig(password, projectId) });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const FAST = { pageTimeoutMs: 5_000, settleTimeoutMs: 1_000, maxElementScreenshots: 1 };

async function createSession(projectId: string, extra: Record<string, unknown> = {}) {
  const created = await call(projectSessionsRoute, "POST", `/api/v1/projects/${projectId}/sessions`, {
    params: { id: projectId },
    body: { name: `Signed in ${uniqueSuffix()}`, scope: { urls: [site.url("/form/private"), site.url("/form/other")] }, scanOptions: FAST, ...extra },
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; authConfigId: string | null; authMode: string };
}

async function scan(sessionId: string) {
  const started = await call(scanRoute, "POST", `/api/v1/sessions/${sessionId}/scan`, { params: { id: sessionId } });
  expect(started.status).toBe(202);
  await waitFor(() => getScanProgress(sessionId), (value) => value.status === "completed" || value.status === "failed", 90_000, "the scan to end");
  return started.body.runId as string;
}

describe("projects: defaultAuthConfigId", () => {
  it("is validated on create and update: it must exist and be shared or the project's own, else 400 naming the field", async () => {
    const body = (extra: Record<string, unknown>) => ({ name: `Defaults ${uniqueSuffix()}`, primaryUrl: site.origin, ...extra });
    for (const value of ["not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      const refused = await call(projectsRoute, "POST", "/api/v1/projects", { body: body({ defaultAuthConfigId: value }) });
      expect(refused.status).toBe(400);
      expect(Object.keys(refused.body.error.fields)).toEqual(["defaultAuthConfigId"]);
    }
    const shared = await createConfig(AUTH_FIXTURE.password);
    const created = await call(projectsRoute, "POST", "/api/v1/projects", { body: body({ defaultAuthConfigId: shared }) });
    expect(created.status).toBe(201);
    expect(created.body.defaultAuthConfigId).toBe(shared);

    const other = await call(projectsRoute, "POST", "/api/v1/projects", { body: body({}) });
    expect(other.body.defaultAuthConfigId).toBeNull();
    const othersOwn = await createConfig(AUTH_FIXTURE.password, other.body.id);
    const id = created.body.id as string;
    const version = () => call(projectRoute, "GET", `/api/v1/projects/${id}`, { params: { id } }).then((read) => read.body.updatedAt as string);
    const foreign = await call(projectRoute, "PATCH", `/api/v1/projects/${id}`, { params: { id }, body: { defaultAuthConfigId: othersOwn, expectedUpdatedAt: await version() } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields.defaultAuthConfigId).toEqual(["This auth config belongs to another project."]);
    // A project's own config fits it; null clears the default.
    const own = await createConfig(AUTH_FIXTURE.password, id);
    const patched = await call(projectRoute, "PATCH", `/api/v1/projects/${id}`, { params: { id }, body: { defaultAuthConfigId: own, expectedUpdatedAt: await version() } });
    expect(patched.status).toBe(200);
    expect(patched.body.defaultAuthConfigId).toBe(own);
    const read = await call(projectRoute, "GET", `/api/v1/projects/${id}`, { params: { id } });
    expect(read.body.defaultAuthConfigId).toBe(own);
    const cleared = await call(projectRoute, "PATCH", `/api/v1/projects/${id}`, { params: { id }, body: { defaultAuthConfigId: null, expectedUpdatedAt: await version() } });
    expect(cleared.body.defaultAuthConfigId).toBeNull();
  });
});

describe("results of signed-in scans through the API and the export", () => {
  let projectId: string;

  beforeAll(async () => {
    const shared = await createConfig(AUTH_FIXTURE.password);
    const created = await call(projectsRoute, "POST", "/api/v1/projects", { body: { name: `Signed in ${uniqueSuffix()}`, primaryUrl: site.origin, defaultAuthConfigId: shared } });
    projectId = created.body.id;
  });

  it("a session inheriting the project's default scans signed in: every page result says authenticated: true", async () => {
    const session = await createSession(projectId);
    expect(session).toMatchObject({ authConfigId: null, authMode: "inherit" });
    const runId = await scan(session.id);
    const params = { id: session.id };

    const byPage = await call(resultsRoute, "GET", `/api/v1/sessions/${session.id}/results?groupBy=page`, { params });
    expect(byPage.status).toBe(200);
    expect(byPage.body.summary.pages).toEqual({ total: 2, done: 2, error: 0, authenticated: 2 });
    expect(byPage.body.summary.failedPages).toEqual([]);
    expect(byPage.body.groups.map((group: { url: string; authenticated: boolean }) => [new URL(group.url).pathname, group.authenticated]).sort()).toEqual([
      ["/form/other", true],
      ["/form/private", true],
    ]);
    const byRule = await call(runResultsRoute, "GET", `/api/v1/runs/${runId}/results?groupBy=rule`, { params: { id: runId } });
    expect(byRule.body.groups.every((group: { authenticated: boolean | null }) => group.authenticated === null)).toBe(true);
    // Findings only the signed-in pages have.
    expect(byRule.body.groups.map((group: { ruleId: string }) => group.ruleId).sort()).toEqual(["image-alt", "label"]);

    const violations = await call(violationsRoute, "GET", `/api/v1/sessions/${session.id}/violations`, { params });
    expect(violations.body.violations.length).toBeGreaterThan(0);
    for (const violation of violations.body.violations) expect(violation.authenticated).toBe(true);

    const json = await call(exportRoute, "GET", `/api/v1/sessions/${session.id}/export?format=json`, { params });
    expect(json.body.findings.length).toBeGreaterThan(0);
    for (const finding of json.body.findings) expect(finding.authenticated).toBe(true);
    const csv = (await new Response((await exportFindings(runId, "csv")).stream).text()).trimEnd().split("\r\n");
    expect(csv[0]!.endsWith(",authenticated,found_by")).toBe(true);
    expect(csv.length).toBeGreaterThan(1);
    // authenticated, then who found the finding (quoted when it names several engines).
    for (const line of csv.slice(1)) expect(line).toMatch(/,true,(?:"[^"]*"|[^,"]+)$/);
  });

  it("a session with sign-in turned off (authMode none) scans signed out: authenticated: false", async () => {
    const session = await createSession(projectId, { authMode: "none" });
    expect(session.authMode).toBe("none");
    const runId = await scan(session.id);
    const results = await call(runResultsRoute, "GET", `/api/v1/runs/${runId}/results?groupBy=page`, { params: { id: runId } });
    expect(results.body.summary.pages).toMatchObject({ total: 2, done: 2, authenticated: 0 });
    // Signed out, both URLs show the login page, which has none of the signed-in findings.
    expect(results.body.summary.byRule.map((rule: { ruleId: string }) => rule.ruleId)).not.toContain("image-alt");
    for (const group of results.body.groups) expect(group.authenticated).toBe(false);
  });

  it("a sign-in that fails entirely fails the run with the reason, and each page is an authentication error without findings", async () => {
    const wrong = await createConfig("not-the-password");
    const session = await createSession(projectId, { authConfigId: wrong });
    expect(session.authConfigId).toBe(wrong);
    const runId = await scan(session.id);
    const params = { id: session.id };

    const read = await call(sessionRoute, "GET", `/api/v1/sessions/${session.id}`, { params });
    expect(read.body.status).toBe("failed");
    expect(read.body.failureReason).toMatch(/^Sign-in failed: step \d+ \(success check/);
    expect(read.body.failureReason).not.toContain("not-the-password");

    const results = await call(resultsRoute, "GET", `/api/v1/sessions/${session.id}/results`, { params });
    expect(results.body.summary.run).toMatchObject({ id: runId, status: "failed", failureReason: read.body.failureReason });
    expect(results.body.summary.pages).toEqual({ total: 2, done: 0, error: 2, authenticated: 0 });
    expect(results.body.summary.violations.total).toBe(0);
    expect(results.body.summary.failedPages).toHaveLength(2);
    for (const page of results.body.summary.failedPages) {
      expect(page.error).toContain("authentication");
      expect(page.authenticated).toBe(false);
    }

    const json = await call(exportRoute, "GET", `/api/v1/sessions/${session.id}/export?format=json`, { params });
    expect(json.body.findings).toEqual([]);
    expect(json.body.pagesWithErrors).toHaveLength(2);
    for (const page of json.body.pagesWithErrors) expect(page).toMatchObject({ error: expect.stringContaining("authentication"), authenticated: false });
    const csv = (await new Response((await exportFindings(runId, "csv")).stream).text()).trimEnd().split("\r\n").slice(1);
    expect(csv).toHaveLength(2);
    for (const line of csv) expect(line).toMatch(/,page_error,.*authentication failed: .*,false,$/);
  });

  it("sessions take authMode on update too, and refuse anything else naming the field", async () => {
    const session = await createSession(projectId);
    const params = { id: session.id };
    const { updatedAt } = (await call(sessionRoute, "GET", `/api/v1/sessions/${session.id}`, { params })).body;
    const off = await call(sessionRoute, "PATCH", `/api/v1/sessions/${session.id}`, { params, body: { authMode: "none", expectedUpdatedAt: updatedAt } });
    expect(off.status).toBe(200);
    expect(off.body.authMode).toBe("none");
    const bad = await call(sessionRoute, "PATCH", `/api/v1/sessions/${session.id}`, { params, body: { authMode: "sometimes", expectedUpdatedAt: off.body.updatedAt } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(["authMode"]);
  });
});
