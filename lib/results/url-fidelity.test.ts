/**
 * The URL a user listed is the URL stored, shown, exported and scanned: a trailing slash is part
 * of the address (on many servers `/shop/products/` and `/shop/products` are different pages).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { startScan } from "@/lib/scans/mutations";
import { getScanProgress } from "@/lib/scans/progress";
import { startScanWorker, type ScanWorker } from "@/lib/scans/worker";
import { startFixtureSite, type FixtureSite } from "@/tests/support/fixture-site";
import { createProject, createScanSession, createTester, waitFor } from "@/tests/support/scan-factories";
import { exportFindings } from "./export";
import { listResultGroups, listViolations } from "./queries";
import { resultFiltersSchema } from "./schema";

let site: FixtureSite;
let worker: ScanWorker;

beforeAll(async () => {
  site = await startFixtureSite();
  worker = startScanWorker({ concurrency: 1, leaseMs: 5_000, pollMs: 100 });
});

afterAll(async () => {
  await worker?.stop();
  await site?.close();
});

it("keeps a listed URL's trailing slash through scan, results and export, and folds only truly equal spellings", async () => {
  const tester = await createTester();
  const project = await createProject(tester.id, site.origin);
  const withSlash = site.url("/missing-alt/");
  const withoutSlash = site.url("/missing-alt");
  const session = await createScanSession(
    tester.id,
    project.id,
    // The second spelling differs only by a fragment: the same page, planned once.
    { urls: [withSlash, `${withSlash}#photo`, withoutSlash] },
    { pageTimeoutMs: 5_000, maxElementScreenshots: 1 },
  );
  const { runId } = await startScan(tester, session.id);
  await waitFor(() => getScanProgress(session.id), (progress) => progress.status === "completed", 90_000, "the scan to complete");

  const pages = await db.pageResult.findMany({ where: { sessionId: session.id }, select: { url: true, state: true }, orderBy: { url: "asc" } });
  expect(pages).toEqual([
    { url: withoutSlash, state: "done" },
    { url: withSlash, state: "done" },
  ]);
  // The fixture site serves both spellings; each request reached the server as listed.
  expect(site.hits.get("/missing-alt/")).toBeGreaterThanOrEqual(1);
  expect(site.hits.get("/missing-alt")).toBeGreaterThanOrEqual(1);

  const byPage = await listResultGroups(runId, resultFiltersSchema.parse({ groupBy: "page" }));
  expect(byPage.groups.map((group) => group.url).sort()).toEqual([withoutSlash, withSlash]);
  const findings = await listViolations(runId, resultFiltersSchema.parse({ pageSize: 100 }));
  expect(new Set(findings.violations.map((violation) => violation.url))).toEqual(new Set([withoutSlash, withSlash]));

  const csv = await new Response((await exportFindings(runId, "csv")).stream).text();
  expect(csv).toContain(`${withSlash},`);
  const json = JSON.parse(await new Response((await exportFindings(runId, "json")).stream).text()) as { findings: Array<{ page_url: string }> };
  expect(new Set(json.findings.map((finding) => finding.page_url))).toEqual(new Set([withoutSlash, withSlash]));
});
