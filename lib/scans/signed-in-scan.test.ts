import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthConfig } from "@/lib/auth-configs/mutations";
import type { CreateAuthConfigInput } from "@/lib/auth-configs/schema";
import { db } from "@/lib/db";
import { AUTH_FIXTURE, startAuthFixtureSite, type AuthFixtureSite } from "@/tests/support/auth-fixture-site";
import { createProject, createScanSession, createTester, waitFor } from "@/tests/support/scan-factories";
import { startScan } from "./mutations";
import { getScanProgress } from "./progress";
import { isLogoutLink, totpCode } from "./sign-in";
import { startScanWorker, type ScanWorker } from "./worker";

const FAST = { pageTimeoutMs: 5_000, settleTimeoutMs: 2_000, maxElementScreenshots: 2 };

let site: AuthFixtureSite;
let worker: ScanWorker;
let tester: { id: string; email: string };
let projectId: string;

beforeAll(async () => {
  site = await startAuthFixtureSite();
  tester = await createTester();
  projectId = (await createProject(tester.id, site.origin)).id;
  worker = startScanWorker({ concurrency: 2, leaseMs: 5_000, pollMs: 100 });
});

afterAll(async () => {
  await worker?.stop();
  await site?.close();
});

const base = { domain: "127.0.0.1", projectId: null } as const;

function formConfig(password: string = AUTH_FIXTURE.password): CreateAuthConfigInput {
  return {
    ...base,
    name: `Form ${Math.random()}`,
    type: "form",
    loginPage: site.url("/form/login"),
    username: AUTH_FIXTURE.username,
    secret: password,
    settings: {
      usernameSelector: "#email",
      passwordSelector: "#password",
      submitSelector: "#sign-in",
      successCheck: { kind: "url_contains", value: "/form/home" },
      logoutPatterns: ["exit-now"],
      stepTimeoutMs: 3_000,
    },
  };
}

async function scanWith(authConfig: CreateAuthConfigInput, scope: Record<string, unknown>) {
  const config = await createAuthConfig(tester, authConfig);
  const session = await createScanSession(tester.id, projectId, scope, FAST);
  await db.testSession.update({ where: { id: session.id }, data: { authConfigId: config.id } });
  await startScan(tester, session.id);
  const progress = await waitFor(() => getScanProgress(session.id), (value) => value.status === "completed" || value.status === "failed", 90_000, "the scan to end");
  return { sessionId: session.id, configId: config.id, progress };
}

async function pagesOf(sessionId: string) {
  const pages = await db.pageResult.findMany({
    where: { sessionId },
    select: { url: true, state: true, error: true, authenticated: true, violations: { select: { kind: true, ruleId: true, selector: true } }, screenshots: { select: { kind: true } } },
  });
  return new Map(pages.map((page) => [new URL(page.url).pathname, page]));
}

const violationsOf = (page: { violations: Array<{ kind: string; ruleId: string; selector: string }> } | undefined) =>
  (page?.violations ?? []).filter((violation) => violation.kind === "violation").map((violation) => `${violation.ruleId} ${violation.selector}`).sort();

const urls = (area: string) => ({ urls: [site.url(`/${area}/private`), site.url(`/${area}/other`)] });

function expectSignedInFindings(pages: Awaited<ReturnType<typeof pagesOf>>, area: string) {
  expect(pages.get(`/${area}/private`)).toMatchObject({ state: "done", error: null, authenticated: true });
  expect(violationsOf(pages.get(`/${area}/private`))).toEqual([`image-alt #${area}-secret-chart`]);
  expect(pages.get(`/${area}/other`)).toMatchObject({ state: "done", error: null, authenticated: true });
  expect(violationsOf(pages.get(`/${area}/other`))).toEqual([`label #${area}-unlabelled`]);
}

describe("scanning signed in", () => {
  it("basic: sends the credentials to the config's domain only, and finds what only signed-in pages have", async () => {
    const { sessionId, progress } = await scanWith(
      { ...base, name: "Basic", type: "basic", username: AUTH_FIXTURE.username, secret: AUTH_FIXTURE.password, url: site.url("/basic/private") },
      urls("basic"),
    );
    expect(progress.status).toBe("completed");
    expectSignedInFindings(await pagesOf(sessionId), "basic");
    const thirdParty = site.requests.filter((request) => request.server === "third-party");
    expect(thirdParty.length).toBeGreaterThan(0);
    for (const request of thirdParty) expect(request.headers.authorization).toBeUndefined();
    expect(site.requests.some((request) => request.path === "/basic/private" && request.headers.authorization?.startsWith("Basic "))).toBe(true);
  });

  it("api_key: the header goes to the config's domain only", async () => {
    const { sessionId } = await scanWith({ ...base, name: "Key", type: "api_key", secret: AUTH_FIXTURE.apiKey, settings: { headerName: "X-API-Key" } }, urls("key"));
    expectSignedInFindings(await pagesOf(sessionId), "key");
    for (const request of site.requests.filter((entry) => entry.server === "third-party")) expect(request.headers["x-api-key"]).toBeUndefined();
  });

  it("api_key as a query parameter", async () => {
    const { sessionId } = await scanWith({ ...base, name: "Key param", type: "api_key", secret: AUTH_FIXTURE.apiKey, settings: { headerName: "X-Other", queryParam: "api_key" } }, urls("key"));
    expectSignedInFindings(await pagesOf(sessionId), "key");
  });

  it("cookie: the session cookie is set for every page", async () => {
    const { sessionId } = await scanWith({ ...base, name: "Cookie", type: "cookie", secret: AUTH_FIXTURE.cookieValue, settings: { cookies: [{ name: "fixture_token" }] } }, urls("cookie"));
    expectSignedInFindings(await pagesOf(sessionId), "cookie");
  });

  it("form: signs in through the real form (CSRF token) once per lane, crawls signed in without following logout links", async () => {
    const before = site.signIns.get("form") ?? 0;
    const { sessionId, progress } = await scanWith(formConfig(), { startUrl: site.url("/form/home"), maxDepth: 2, maxPages: 20 });
    expect(progress.status).toBe("completed");
    const pages = await pagesOf(sessionId);
    // /form/logout (default pattern) and /form/exit-now (the config's own pattern) are never visited.
    expect([...pages.keys()].sort()).toEqual(["/form/home", "/form/other", "/form/private"]);
    expectSignedInFindings(pages, "form");
    expect(pages.get("/form/home")).toMatchObject({ state: "done", authenticated: true });
    const signIns = (site.signIns.get("form") ?? 0) - before;
    expect(signIns).toBeGreaterThanOrEqual(1);
    expect(signIns).toBeLessThanOrEqual(2); // one per lane, not one per page
    expect(site.requests.some((request) => request.path.startsWith("/form/logout") || request.path.startsWith("/form/exit-now"))).toBe(false);
    // The sign-in and the scan are one visitor to the site: the same user agent, the scanner's.
    const agents = new Set(site.requests.filter((request) => request.path.startsWith("/form/")).map((request) => request.headers["user-agent"]));
    expect([...agents]).toEqual([expect.stringContaining("ClearsightScanner")]);
    expect(site.requests.some((request) => request.path === "/form/login" && request.headers["user-agent"]?.includes("ClearsightScanner"))).toBe(true);
  });

  it("form: signs in again when the site ends the session mid-scan", async () => {
    const before = site.signIns.get("form") ?? 0;
    // A session lasts for three signed-in views (the landing page after signing in is one).
    site.setFormSessionViews(3);
    try {
      const paths = ["/form/private", "/form/other", "/form/home", "/form/private?again=1", "/form/other?again=1"];
      const { sessionId, progress } = await scanWith(formConfig(), { urls: paths.map((path) => site.url(path)) });
      expect(progress.status).toBe("completed");
      const pages = await db.pageResult.findMany({ where: { sessionId }, select: { state: true, authenticated: true, error: true } });
      expect(pages).toHaveLength(5);
      for (const page of pages) expect(page).toEqual({ state: "done", authenticated: true, error: null });
      // 5 pages at 2 views a session need at least 3 sessions, whichever lane scans them.
      expect((site.signIns.get("form") ?? 0) - before).toBeGreaterThanOrEqual(3);
    } finally {
      site.setFormSessionViews(0);
    }
  });

  it("custom steps: SSO through a second origin with a TOTP code", async () => {
    const { sessionId, progress } = await scanWith(
      {
        ...base,
        name: "SSO",
        type: "custom",
        username: AUTH_FIXTURE.username,
        secret: AUTH_FIXTURE.password,
        totpSecret: AUTH_FIXTURE.totpSecret,
        settings: {
          steps: [
            { action: "goto", url: site.url("/sso/private") },
            { action: "fill", selector: "input[name=username]", source: "username" },
            { action: "fill", selector: "input[name=password]", source: "secret" },
            { action: "click", selector: "text=Continue" },
            { action: "fill", selector: "input[name=code]", source: "totp" },
            { action: "press", selector: "input[name=code]", key: "Enter" },
            { action: "wait_for_url", url: `${site.origin}/sso/private` },
            { action: "wait_for_text", text: "Signed in." },
          ],
        },
      },
      urls("sso"),
    );
    expect(progress.status).toBe("completed");
    expectSignedInFindings(await pagesOf(sessionId), "sso");
    expect(site.requests.some((request) => request.server === "idp" && request.path === "/verify")).toBe(true);
  });

  it("a wrong password: the session fails with the step named, protected pages are errors with a screenshot and no findings", async () => {
    const { sessionId, progress } = await scanWith(formConfig("not-the-password"), urls("form"));
    expect(progress.status).toBe("failed");
    // The page the lane was on when the sign-in failed is stored just after the session ends.
    await waitFor(() => db.pageResult.count({ where: { sessionId, state: { in: ["pending", "scanning"] } } }), (open) => open === 0, 10_000, "the last page to be stored");
    const session = await db.testSession.findUniqueOrThrow({ where: { id: sessionId }, select: { failureReason: true } });
    expect(session.failureReason).toMatch(/^Sign-in failed: step 5 \(success check: URL contains "\/form\/home"\): not signed in after 3000 ms; the page is at http:\/\/127\.0\.0\.1:\d+\/form\/login( and says "Invalid email or password\.")?\.$/);
    const pages = await pagesOf(sessionId);
    expect(pages.size).toBe(2);
    for (const page of pages.values()) {
      expect(page.state).toBe("error");
      expect(page.error).toMatch(/^authentication failed: /);
      expect(page.authenticated).toBe(false);
      expect(page.violations).toEqual([]);
    }
    // The page the lane tried first carries what the sign-in ended on.
    expect([...pages.values()].filter((page) => page.error?.includes("step 5"))).not.toHaveLength(0);
    expect([...pages.values()].some((page) => page.screenshots.some((shot) => shot.kind === "page"))).toBe(true);
  });

  it("a session set to sign in with nothing scans anonymously even with a project default", async () => {
    const config = await createAuthConfig(tester, formConfig());
    await db.project.update({ where: { id: projectId }, data: { defaultAuthConfigId: config.id } });
    try {
      const inherit = await createScanSession(tester.id, projectId, { urls: [site.url("/form/private")] }, FAST);
      const none = await createScanSession(tester.id, projectId, { urls: [site.url("/form/private")] }, FAST);
      await db.testSession.update({ where: { id: none.id }, data: { authMode: "none" } });
      for (const session of [inherit, none]) await startScan(tester, session.id);
      for (const session of [inherit, none]) await waitFor(() => getScanProgress(session.id), (value) => value.status === "completed", 60_000, "the scan to end");
      expect(await pagesOf(inherit.id).then((pages) => pages.get("/form/private"))).toMatchObject({ state: "done", authenticated: true });
      // Anonymous: the site's login page is what a visitor without sign-in gets, and it is scanned as such.
      const anonymous = await db.pageResult.findFirstOrThrow({ where: { sessionId: none.id }, select: { authenticated: true, title: true } });
      expect(anonymous).toEqual({ authenticated: false, title: "Sign in" });
    } finally {
      await db.project.update({ where: { id: projectId }, data: { defaultAuthConfigId: null } });
    }
  });
});

describe("sign-in helpers", () => {
  it("computes RFC 6238 codes (the RFC's SHA-1 test vector)", () => {
    // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s → 94287082 (8 digits); 6 digits → 287082.
    expect(totpCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59_000)).toBe("287082");
  });

  it("recognises logout links by the default pattern and the config's own", () => {
    expect(isLogoutLink("https://app.example.org/logout")).toBe(true);
    expect(isLogoutLink("https://app.example.org/account/sign-out?next=/")).toBe(true);
    expect(isLogoutLink("https://app.example.org/blog/catalogue")).toBe(false);
    expect(isLogoutLink("https://app.example.org/exit-now", ["exit-now"])).toBe(true);
  });
});
