/**
 * The scan and results API as a CI pipeline uses it: bearer token, start, poll progress, read
 * the verdict, triage, export. Route handlers are called directly with real requests.
 */
import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as startRoute } from "@/app/api/v1/sessions/[id]/scan/route";
import { POST as cancelRoute } from "@/app/api/v1/sessions/[id]/cancel/route";
import { GET as progressRoute } from "@/app/api/v1/sessions/[id]/progress/route";
import { GET as resultsRoute } from "@/app/api/v1/sessions/[id]/results/route";
import { GET as exportRoute } from "@/app/api/v1/sessions/[id]/export/route";
import { GET as violationsRoute, PATCH as triageRoute } from "@/app/api/v1/sessions/[id]/violations/route";
import { GET as compareRoute } from "@/app/api/v1/projects/[id]/compare/route";
import { GET as screenshotRoute } from "@/app/api/v1/screenshots/[id]/route";
import { GET as sessionRunsRoute } from "@/app/api/v1/sessions/[id]/runs/route";
import { DELETE as deleteRunRoute, GET as runRoute } from "@/app/api/v1/runs/[id]/route";
import { DELETE as deleteSessionRoute } from "@/app/api/v1/sessions/[id]/route";
import { GET as runResultsRoute } from "@/app/api/v1/runs/[id]/results/route";
import { GET as runExportRoute } from "@/app/api/v1/runs/[id]/export/route";
import type { RouteHandler } from "@/lib/api/route";
import { API_TOKEN_PREFIX } from "@/lib/auth/current-user";
import { sha256Hex } from "@/lib/crypto";
import { db } from "@/lib/db";
import { startScanWorker, type ScanWorker } from "@/lib/scans/worker";
import { checkResponseAgainstDocument } from "@/tests/support/openapi-check";
import { startFixtureSite, type FixtureSite } from "@/tests/support/fixture-site";
import { createProject, createScanSession, createTester, waitFor } from "@/tests/support/scan-factories";

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

let site: FixtureSite;
let worker: ScanWorker;
let testerToken: string;
let viewerToken: string;
let projectId: string;

async function tokenFor(userId: string): Promise<string> {
  const token = `${API_TOKEN_PREFIX}${randomUUID().replaceAll("-", "")}`;
  await db.apiToken.create({ data: { userId, name: "ci", tokenHash: sha256Hex(token), prefix: token.slice(0, 8) } });
  return token;
}

async function call(handler: Handler, path: string, params: Record<string, string>, init: { method?: string; body?: unknown; token?: string } = {}) {
  const request = new NextRequest(new URL(path, "http://clearsight.test"), {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${init.token ?? testerToken}`, ...(init.body ? { "content-type": "application/json" } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  // Every real response is checked against the OpenAPI document too.
  const operation = (handler as Partial<RouteHandler>).operation;
  if (operation) checkResponseAgainstDocument(operation, response.status, response.headers.get("content-type"), await response.clone().text());
  return response;
}

beforeAll(async () => {
  site = await startFixtureSite();
  const tester = await createTester();
  testerToken = await tokenFor(tester.id);
  const viewer = await db.user.create({
    data: { email: `viewer-${randomUUID()}@example.test`, name: "Viewer", passwordHash: "x", role: "VIEWER" },
    select: { id: true },
  });
  viewerToken = await tokenFor(viewer.id);
  projectId = (await createProject(tester.id, site.origin)).id;
  worker = startScanWorker({ concurrency: 2, leaseMs: 5_000, pollMs: 100 });
});

afterAll(async () => {
  await worker?.stop();
  await site?.close();
});

describe("scan API", () => {
  it("lets CI start a scan, wait for it, read pass/fail, triage and export", async () => {
    const tester = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: sha256Hex(testerToken) }, select: { userId: true } });
    const session = await createScanSession(tester.userId, projectId, { urls: [site.url("/form"), site.url("/clean")] }, { pageTimeoutMs: 5_000 });
    const id = session.id;

    const forbidden = await call(startRoute, `/api/v1/sessions/${id}/scan`, { id }, { method: "POST", token: viewerToken });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: "forbidden" } });

    const started = await call(startRoute, `/api/v1/sessions/${id}/scan`, { id }, { method: "POST" });
    expect(started.status).toBe(202);
    expect(await started.json()).toMatchObject({ status: "queued", pagesPlanned: 2, runNumber: 1, runId: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const progress = await waitFor(
      async () => (await (await call(progressRoute, `/api/v1/sessions/${id}/progress`, { id })).json()) as { status: string; percent: number },
      (value) => value.status === "completed",
      60_000,
      "completion",
    );
    expect(progress.percent).toBe(100);

    const again = await call(cancelRoute, `/api/v1/sessions/${id}/cancel`, { id }, { method: "POST" });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "conflict", currentStatus: "completed" } });

    const verdict = await (await call(resultsRoute, `/api/v1/sessions/${id}/results?failOn=critical&groupBy=rule`, { id })).json();
    expect(verdict).toMatchObject({ passed: false, failing: 2, failOn: "critical", status: "completed", summary: { pages: { total: 2 } } });
    // New-only gating: against a baseline holding the same findings, nothing is new.
    const newOnly = await (await call(resultsRoute, `/api/v1/sessions/${id}/results?failOn=critical&baseline=${id}`, { id })).json();
    expect(newOnly).toMatchObject({ passed: true, failing: 0, knownInBaseline: 2, baseline: id, reason: "No new unresolved violations of critical impact or worse." });
    const unknownBaseline = await call(resultsRoute, `/api/v1/sessions/${id}/results?failOn=critical&baseline=${randomUUID()}`, { id });
    expect(unknownBaseline.status).toBe(404);
    expect(await unknownBaseline.json()).toMatchObject({ error: { message: "Baseline session was not found." } });
    expect(verdict.groups.map((group: { label: string }) => group.label)).toEqual(["button-name", "label"]);

    const bad = await call(resultsRoute, `/api/v1/sessions/${id}/results?failOn=fatal`, { id });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_request", fields: { failOn: expect.any(Array) } } });

    const list = await (await call(violationsRoute, `/api/v1/sessions/${id}/violations?rule=label`, { id })).json();
    expect(list.total).toBe(1);
    const shot = await call(screenshotRoute, `/api/v1/screenshots/${list.violations[0].screenshotId}`, { id: list.violations[0].screenshotId });
    expect(shot.headers.get("content-type")).toBe("image/jpeg");
    expect((await shot.arrayBuffer()).byteLength).toBeGreaterThan(100);

    const ids = (await (await call(violationsRoute, `/api/v1/sessions/${id}/violations`, { id })).json()).violations.map((v: { id: string }) => v.id);
    const viewerTriage = await call(triageRoute, `/api/v1/sessions/${id}/violations`, { id }, { method: "PATCH", token: viewerToken, body: { ids, status: "wont_fix" } });
    expect(viewerTriage.status).toBe(403);
    const triaged = await call(triageRoute, `/api/v1/sessions/${id}/violations`, { id }, { method: "PATCH", body: { ids, status: "wont_fix", reason: "Vendor form" } });
    expect(await triaged.json()).toEqual({ status: "wont_fix", reason: "Vendor form", issues: 2, violations: 2 });
    expect(await (await call(resultsRoute, `/api/v1/sessions/${id}/results?failOn=minor`, { id })).json()).toMatchObject({ passed: true, failing: 0 });

    const csv = await call(exportRoute, `/api/v1/sessions/${id}/export?format=csv`, { id });
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="clearsight-[0-9a-f]{8}-run1-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await csv.text();
    expect(text.startsWith("page_url,page_title,rule_id")).toBe(true);
    expect(text).toContain(",label,violation,critical,4.1.2,#query,");

    const comparison = await call(compareRoute, `/api/v1/projects/${projectId}/compare?base=${id}&head=${id}`, { id: projectId });
    expect(comparison.status).toBe(400);
  }, 120_000);

  it("cancels a running scan within seconds, keeping what was scanned", async () => {
    const tester = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: sha256Hex(testerToken) }, select: { userId: true } });
    // The first page never finishes loading, so the scan is still running when the cancel comes.
    const session = await createScanSession(tester.userId, projectId, { urls: [site.url("/clean"), site.url("/slow")] }, { pageTimeoutMs: 60_000 });
    const id = session.id;
    expect((await call(startRoute, `/api/v1/sessions/${id}/scan`, { id }, { method: "POST" })).status).toBe(202);
    await waitFor(
      async () => (await (await call(progressRoute, `/api/v1/sessions/${id}/progress`, { id })).json()) as { status: string; pagesDone: number },
      (value) => value.status === "running" && value.pagesDone === 1,
      30_000,
      "the clean page to be scanned while the slow one loads",
    );
    const viewerCancel = await call(cancelRoute, `/api/v1/sessions/${id}/cancel`, { id }, { method: "POST", token: viewerToken });
    expect(viewerCancel.status).toBe(403);
    const requestedAt = Date.now();
    const cancelled = await call(cancelRoute, `/api/v1/sessions/${id}/cancel`, { id }, { method: "POST" });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ sessionId: id, cancelRequested: true });
    const progress = await waitFor(
      async () => (await (await call(progressRoute, `/api/v1/sessions/${id}/progress`, { id })).json()) as { status: string; pagesDone: number; pagesTotal: number },
      (value) => value.status === "cancelled",
      10_000,
      "the session to be cancelled",
    );
    expect(Date.now() - requestedAt).toBeLessThan(5_000);
    expect(progress).toMatchObject({ pagesDone: 1, pagesTotal: 1 });
    const kept = await db.pageResult.findMany({ where: { sessionId: id }, select: { url: true, state: true } });
    expect(kept).toEqual([{ url: site.url("/clean"), state: "done" }]);
  }, 60_000);

  it("refuses to scan a manual session (409, saying why)", async () => {
    const tester = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: sha256Hex(testerToken) }, select: { userId: true } });
    const session = await createScanSession(tester.userId, projectId, { urls: [site.url("/clean")] }, {}, { approach: "manual" });
    const refused = await call(startRoute, `/api/v1/sessions/${session.id}/scan`, { id: session.id }, { method: "POST" });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: "conflict", message: expect.stringMatching(/manual session has no automated scan/), approach: "manual" } });
    expect(await db.testSession.findUniqueOrThrow({ where: { id: session.id }, select: { status: true } })).toEqual({ status: "draft" });
  });

  it("keeps every run: lists them newest first, reads and exports any of them, and session-level results mean the latest", async () => {
    const tester = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: sha256Hex(testerToken) }, select: { id: true, userId: true } });
    const session = await createScanSession(tester.userId, projectId, { urls: [site.url("/form")] }, { pageTimeoutMs: 5_000 });
    const id = session.id;
    const scanOnce = async () => {
      const started = await call(startRoute, `/api/v1/sessions/${id}/scan`, { id }, { method: "POST" });
      expect(started.status).toBe(202);
      const { runId } = (await started.json()) as { runId: string };
      await waitFor(
        async () => (await (await call(runRoute, `/api/v1/runs/${runId}`, { id: runId })).json()) as { status: string },
        (value) => value.status === "completed",
        60_000,
        "the run to complete",
      );
      return runId;
    };
    const first = await scanOnce();
    const second = await scanOnce();

    const runs = await (await call(sessionRunsRoute, `/api/v1/sessions/${id}/runs`, { id })).json();
    expect(runs).toMatchObject({ total: 2, page: 1 });
    expect(runs.items.map((run: { id: string; number: number }) => [run.id, run.number])).toEqual([
      [second, 2],
      [first, 1],
    ]);
    expect(runs.items[1]).toMatchObject({ status: "completed", trigger: "api_token", apiToken: { id: tester.id, name: "ci" }, triggeredBy: { id: tester.userId }, pagesPlanned: 1, pagesDone: 1, violations: 2 });

    const one = await (await call(runRoute, `/api/v1/runs/${first}`, { id: first })).json();
    expect(one).toMatchObject({ id: first, number: 1, isLatest: false, session: { id, projectId }, engineVersions: { "axe-core": expect.any(String) } });
    const firstResults = await (await call(runResultsRoute, `/api/v1/runs/${first}/results?failOn=critical`, { id: first })).json();
    expect(firstResults).toMatchObject({ runId: first, summary: { run: { id: first, number: 1 }, violations: { total: 2 } } });
    const latest = await (await call(resultsRoute, `/api/v1/sessions/${id}/results`, { id })).json();
    expect(latest.summary.run).toMatchObject({ id: second, number: 2 });
    const pinned = await (await call(resultsRoute, `/api/v1/sessions/${id}/results?runId=${first}`, { id })).json();
    expect(pinned.summary.run.id).toBe(first);
    const foreign = await call(resultsRoute, `/api/v1/sessions/${id}/results?runId=${randomUUID()}`, { id });
    expect(foreign.status).toBe(404);

    const json = await (await call(runExportRoute, `/api/v1/runs/${first}/export?format=json`, { id: first })).json();
    expect(json).toMatchObject({ session: { id }, run: { id: first, number: 1 } });
    expect(json.findings).toHaveLength(2);
    const csv = await call(runExportRoute, `/api/v1/runs/${second}/export?format=csv`, { id: second });
    expect(csv.headers.get("content-disposition")).toMatch(/-run2-/);
    expect((await call(runExportRoute, `/api/v1/runs/${first}/export?format=xml`, { id: first })).status).toBe(400);

    const unknown = randomUUID();
    expect((await call(runRoute, `/api/v1/runs/${unknown}`, { id: unknown })).status).toBe(404);
    expect((await call(runResultsRoute, `/api/v1/runs/${unknown}/results`, { id: unknown })).status).toBe(404);
    expect((await call(sessionRunsRoute, `/api/v1/sessions/${unknown}/runs`, { id: unknown })).status).toBe(404);
    // A session never scanned has no latest run to show.
    const fresh = await createScanSession(tester.userId, projectId, { urls: [site.url("/form")] });
    const none = await call(resultsRoute, `/api/v1/sessions/${fresh.id}/results`, { id: fresh.id });
    expect(none.status).toBe(404);
    expect(await none.json()).toMatchObject({ error: { code: "not_found", message: expect.stringMatching(/not been scanned yet/) } });

    // Deleting is an explicit request: a viewer may not; a run goes with its results, the other run stays.
    expect((await call(deleteRunRoute, `/api/v1/runs/${first}`, { id: first }, { method: "DELETE", token: viewerToken })).status).toBe(403);
    const secondFindings = await db.violation.count({ where: { runId: second } });
    const deleted = await call(deleteRunRoute, `/api/v1/runs/${first}`, { id: first }, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ id: first, sessionId: id, number: 1, removed: { runs: 1, pageResults: 1, violations: 2, screenshots: expect.any(Number) } });
    expect(await db.scanRun.count({ where: { id: first } })).toBe(0);
    expect(await db.violation.count({ where: { runId: first } })).toBe(0);
    expect(await db.violation.count({ where: { runId: second } })).toBe(secondFindings);
    expect(await db.auditEvent.findFirstOrThrow({ where: { recordId: first, action: "run.delete" }, select: { actorId: true } })).toEqual({ actorId: tester.userId });
    expect((await call(runRoute, `/api/v1/runs/${first}`, { id: first })).status).toBe(404);

    const decisions = await db.triageDecision.count({ where: { projectId } });
    const gone = await call(deleteSessionRoute, `/api/v1/sessions/${id}`, { id }, { method: "DELETE" });
    expect(gone.status).toBe(200);
    expect(await gone.json()).toMatchObject({ id, removed: { runs: 1, violations: secondFindings } });
    expect(await db.testSession.count({ where: { id } })).toBe(0);
    expect(await db.scanRun.count({ where: { sessionId: id } })).toBe(0);
    // Triage decisions belong to the project, not to a session or run.
    expect(await db.triageDecision.count({ where: { projectId } })).toBe(decisions);
    expect(await db.auditEvent.count({ where: { recordId: id, action: "session.delete" } })).toBe(1);
  }, 180_000);

  it("refuses to delete a run or session that is being scanned (409)", async () => {
    const tester = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: sha256Hex(testerToken) }, select: { userId: true } });
    const session = await createScanSession(tester.userId, projectId, { urls: [site.url("/slow")] }, { pageTimeoutMs: 60_000 });
    const id = session.id;
    const { runId } = (await (await call(startRoute, `/api/v1/sessions/${id}/scan`, { id }, { method: "POST" })).json()) as { runId: string };
    const refusedRun = await call(deleteRunRoute, `/api/v1/runs/${runId}`, { id: runId }, { method: "DELETE" });
    expect(refusedRun.status).toBe(409);
    expect(await refusedRun.json()).toMatchObject({ error: { code: "conflict", currentStatus: expect.stringMatching(/queued|running/) } });
    expect((await call(deleteSessionRoute, `/api/v1/sessions/${id}`, { id }, { method: "DELETE" })).status).toBe(409);
    await call(cancelRoute, `/api/v1/sessions/${id}/cancel`, { id }, { method: "POST" });
    await waitFor(() => db.scanRun.findUniqueOrThrow({ where: { id: runId }, select: { status: true } }), (run) => run.status === "cancelled", 30_000, "the run to be cancelled");
    expect((await call(deleteSessionRoute, `/api/v1/sessions/${id}`, { id }, { method: "DELETE" })).status).toBe(200);
  }, 60_000);

  it("answers 404 for an unknown session and 400 for a malformed id", async () => {
    const unknown = randomUUID();
    expect((await call(progressRoute, `/api/v1/sessions/${unknown}/progress`, { id: unknown })).status).toBe(404);
    expect((await call(startRoute, `/api/v1/sessions/${unknown}/scan`, { id: unknown }, { method: "POST" })).status).toBe(404);
    expect((await call(progressRoute, `/api/v1/sessions/nope/progress`, { id: "nope" })).status).toBe(400);
  });
});
