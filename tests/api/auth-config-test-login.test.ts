import { callRoute, responseLog } from "./call-route";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as testRoute from "@/app/api/v1/auth-configs/[id]/test/route";
import * as authConfigsRoute from "@/app/api/v1/auth-configs/route";
import { getTestLoginScreenshot } from "@/lib/auth-configs/test-login";
import { createBackup } from "@/lib/backups/backup";
import { db, sqlPool } from "@/lib/db";
import { exportFindings } from "@/lib/results/export";
import { startScan } from "@/lib/scans/mutations";
import { getScanProgress } from "@/lib/scans/progress";
import { startScanWorker, type ScanWorker } from "@/lib/scans/worker";
import { AUTH_FIXTURE, startAuthFixtureSite, type AuthFixtureSite } from "@/tests/support/auth-fixture-site";
import { createTestUser, type TestUser } from "@/tests/support/factories";
import { createProject, createScanSession, waitFor } from "@/tests/support/scan-factories";

let site: AuthFixtureSite;
let admin: TestUser;
const logged: string[] = [];

beforeAll(async () => {
  site = await startAuthFixtureSite();
  admin = await createTestUser("ADMIN");
  // Everything the app logs while these tests run (the worker runs in this process too).
  for (const method of ["log", "error", "warn", "info", "debug"] as const) {
    const original = console[method].bind(console);
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
      original(...args);
    });
  }
});

afterAll(async () => {
  vi.restoreAllMocks();
  await site?.close();
});

function formBody(password: string) {
  return {
    name: `Fixture form ${Math.random()}`,
    type: "form",
    domain: "127.0.0.1",
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

const create = (body: Record<string, unknown>) => callRoute(authConfigsRoute.POST, { method: "POST", path: "/api/v1/auth-configs", headers: admin.authHeader, body });
const testLogin = (id: string) => callRoute(testRoute.POST, { method: "POST", path: `/api/v1/auth-configs/${id}/test`, params: { id }, headers: admin.authHeader });

describe("POST /api/v1/auth-configs/:id/test", () => {
  it("signs in now, reports every step and the landing page, marks the config active and audits it", async () => {
    const created = await create(formBody(AUTH_FIXTURE.password));
    expect(created.status).toBe(201);
    const result = await testLogin(created.body.id);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ ok: true, finalUrl: site.url("/form/home") });
    expect(result.body.steps.map((step: { step: number; ok: boolean }) => [step.step, step.ok])).toEqual([[1, true], [2, true], [3, true], [4, true], [5, true]]);
    for (const step of result.body.steps) expect(step.ms).toEqual(expect.any(Number));
    const image = await getTestLoginScreenshot(created.body.id, result.body.screenshotId);
    expect(Buffer.from(image).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const config = await db.authConfig.findUniqueOrThrow({ where: { id: created.body.id }, select: { status: true, lastVerifiedAt: true, updatedAt: true } });
    expect(config.status).toBe("active");
    expect(config.lastVerifiedAt).not.toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { recordId: created.body.id, action: "auth_config.test_login" }, select: { changes: true } });
    expect(audit.changes).toEqual({ ok: true, status: "active", failedStep: null });
  });

  it("a wrong password fails at the success check, names the step and marks the config failed", async () => {
    const created = await create(formBody("wrong-password-for-the-test"));
    const result = await testLogin(created.body.id);
    expect(result.status).toBe(200);
    expect(result.body.ok).toBe(false);
    const failed = result.body.steps.at(-1);
    expect(failed).toMatchObject({ step: 5, ok: false, action: 'success check: text "Welcome back" present' });
    expect(failed.error).toMatch(/^not signed in after 3000 ms; the page is at .*\/form\/login/);
    expect(result.body.error).toMatch(/^step 5 \(success check/);
    expect(result.body.screenshotId).toEqual(expect.any(String));
    expect(await db.authConfig.findUniqueOrThrow({ where: { id: created.body.id }, select: { status: true } })).toEqual({ status: "failed" });
  });
});

describe("secrets stay write-only", () => {
  let worker: ScanWorker;
  afterAll(async () => worker?.stop());

  it("the password, API key, cookie and TOTP seed appear in no row, response, audit entry, log line, export or backup", async () => {
    const password = AUTH_FIXTURE.password;
    const form = await create(formBody(password));
    const wrong = await create(formBody(`${password}-typo`));
    const totp = await create({
      name: "SSO",
      type: "custom",
      domain: "127.0.0.1",
      username: AUTH_FIXTURE.username,
      secret: password,
      totpSecret: AUTH_FIXTURE.totpSecret,
      settings: { steps: [{ action: "goto", url: site.url("/sso/private") }, { action: "fill", selector: "input[name=username]", source: "username" }, { action: "fill", selector: "input[name=password]", source: "secret" }, { action: "click", selector: "text=Continue" }, { action: "fill", selector: "input[name=code]", source: "totp" }, { action: "press", selector: "input[name=code]", key: "Enter" }, { action: "wait_for_text", text: "Signed in." }] },
    });
    await testLogin(form.body.id);
    await testLogin(wrong.body.id);
    await testLogin(totp.body.id);

    const project = await createProject(admin.user.id, site.origin);
    worker = startScanWorker({ concurrency: 2, leaseMs: 5_000, pollMs: 100 });
    const sessions: string[] = [];
    for (const config of [form, wrong, totp]) {
      const session = await createScanSession(admin.user.id, project.id, { urls: [site.url("/form/private"), site.url("/sso/private"), site.url("/form/login")] }, { pageTimeoutMs: 5_000, settleTimeoutMs: 1_000 });
      await db.testSession.update({ where: { id: session.id }, data: { authConfigId: config.body.id } });
      await startScan(admin.actor, session.id);
      sessions.push(session.id);
    }
    for (const id of sessions) await waitFor(() => getScanProgress(id), (value) => value.status === "completed" || value.status === "failed", 90_000, "the scan to end");
    await worker.stop();

    const haystack: string[] = [...responseLog, ...logged];
    // Every row of every table, as PostgreSQL writes it (bytea as hex, so screenshots are searched as text too).
    const { rows: tables } = await sqlPool().query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
    for (const { name } of tables) {
      const { rows } = await sqlPool().query<{ row: string }>(`SELECT to_json(t)::text AS row FROM "${name}" t`);
      haystack.push(...rows.map((row) => row.row));
    }
    const screenshots = await db.screenshot.findMany({ where: { sessionId: { in: sessions } }, select: { data: true } });
    const tests = await db.authConfigTest.findMany({ select: { screenshot: true } });
    const images = [...screenshots.map((shot) => shot.data), ...tests.map((test) => test.screenshot)].filter((data) => data !== null);
    expect(images.length).toBeGreaterThan(0);
    haystack.push(...images.map((data) => Buffer.from(data).toString("latin1")));
    const runs = await db.scanRun.findMany({ where: { sessionId: { in: sessions } }, select: { id: true } });
    expect(runs.length).toBeGreaterThan(0);
    for (const { id } of runs) {
      for (const format of ["json", "csv"] as const) haystack.push(await new Response((await exportFindings(id, format)).stream).text());
    }
    const backupDir = path.join(await mkdtemp(path.join(tmpdir(), "cs-secrets-")), "backup");
    await createBackup({ databaseUrl: process.env.DATABASE_URL!, outDir: backupDir });
    for (const file of await readdir(backupDir, { recursive: true })) {
      const text = await readFile(path.join(backupDir, file)).catch(() => null);
      if (text) haystack.push(text.toString("latin1"));
    }

    const everything = haystack.join("\n");
    // The scans really ran signed in, and the wrong password really failed (the haystack is not empty of what matters).
    // (/sso/private sends the form-signed-in scanner to the identity provider, off the site: an error.)
    expect(await db.pageResult.count({ where: { sessionId: sessions[0], authenticated: true } })).toBe(2);
    expect(await db.testSession.findUniqueOrThrow({ where: { id: sessions[1] }, select: { status: true } })).toEqual({ status: "failed" });
    for (const secret of [password, `${password}-typo`, AUTH_FIXTURE.totpSecret]) expect(everything).not.toContain(secret);
  }, 180_000);
});
