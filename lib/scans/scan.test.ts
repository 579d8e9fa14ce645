import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { startFixtureSite, type FixtureSite } from "@/tests/support/fixture-site";
import { createProject, createScanSession, createTester, waitFor } from "@/tests/support/scan-factories";
import { cancelScan, startScan } from "./mutations";
import { getScanProgress } from "./progress";
import { startScanWorker, type ScanWorker } from "./worker";

const FAST = { pageTimeoutMs: 3_000, settleTimeoutMs: 2_000, maxElementScreenshots: 5 };

let site: FixtureSite;
let elsewhere: FixtureSite;
let worker: ScanWorker;
let tester: { id: string; email: string };
let projectId: string;

beforeAll(async () => {
  elsewhere = await startFixtureSite();
  site = await startFixtureSite({ externalOrigin: elsewhere.origin, generatedPages: 40 });
  tester = await createTester();
  projectId = (await createProject(tester.id, site.origin)).id;
  worker = startScanWorker({ concurrency: 2, leaseMs: 5_000, pollMs: 100 });
});

afterAll(async () => {
  await worker?.stop();
  await site?.close();
  await elsewhere?.close();
});

async function scanToEnd(scope: Record<string, unknown>, options: Record<string, unknown> = FAST, extra: Parameters<typeof createScanSession>[4] = {}) {
  const session = await createScanSession(tester.id, projectId, scope, options, extra);
  const started = await startScan(tester, session.id);
  expect(started.status).toBe("queued");
  const progress = await waitFor(() => getScanProgress(session.id), (value) => value.status === "completed", 90_000, "the scan to complete");
  return { sessionId: session.id, progress };
}

async function pagesOf(sessionId: string) {
  const pages = await db.pageResult.findMany({
    where: { sessionId },
    select: {
      url: true,
      state: true,
      depth: true,
      error: true,
      httpStatus: true,
      title: true,
      violations: { select: { ruleId: true, kind: true, impact: true, wcagCriteria: true, selector: true, fingerprint: true, helpUrl: true, summary: true, html: true, sources: true } },
      screenshots: { select: { kind: true, mimeType: true, violationId: true } },
    },
    orderBy: { url: "asc" },
  });
  return new Map(pages.map((page) => [new URL(page.url).pathname, page]));
}

const findingsOf = (page: { violations: Array<{ kind: string; ruleId: string; wcagCriteria: string[]; selector: string }> } | undefined) =>
  (page?.violations ?? []).map((violation) => `${violation.kind} ${violation.ruleId} ${violation.wcagCriteria.join(",")} ${violation.selector}`).sort();

describe("scanning a list of URLs", () => {
  it("records exactly the known problems of each page, and each bad page's reason", async () => {
    const paths = ["/clean", "/missing-alt", "/contrast", "/form", "/js-rendered", "/cycle-a", "/error-500", "/slow", "/loop-a", "/data.json"];
    const { sessionId, progress } = await scanToEnd({ urls: [...paths.map((path) => site.url(path)), site.url("/clean#again")] });

    expect(progress).toMatchObject({ pagesTotal: 10, pagesDone: 10, pagesError: 4, percent: 100, status: "completed", etaMs: null });
    const pages = await pagesOf(sessionId);
    expect([...pages.keys()].sort()).toEqual([...paths].sort());

    expect(findingsOf(pages.get("/clean"))).toEqual([]);
    expect(pages.get("/clean")).toMatchObject({ state: "done", httpStatus: 200, title: "Clean page", error: null });
    expect(findingsOf(pages.get("/missing-alt"))).toEqual(["violation image-alt 1.1.1 #photo", "violation image-alt 1.1.1 .logo"]);
    expect(findingsOf(pages.get("/contrast"))).toEqual(["needs_review color-contrast 1.4.3 .gradient", "violation color-contrast 1.4.3 .faint"]);
    expect(findingsOf(pages.get("/form"))).toEqual(["violation button-name 4.1.2 #go", "violation label 4.1.2 #query"]);
    // Rendered after the load event from a slow API call: only found if the scan waits for it.
    expect(findingsOf(pages.get("/js-rendered"))).toEqual(["violation image-alt 1.1.1 img"]);
    expect(findingsOf(pages.get("/cycle-a"))).toEqual(["violation image-alt 1.1.1 img"]);

    const photo = pages.get("/missing-alt")!.violations.find((violation) => violation.selector === "#photo")!;
    expect(photo).toMatchObject({ impact: "critical", html: '<img id="photo" src="/pixel.png">' });
    expect(photo.helpUrl).toMatch(/^https:\/\/dequeuniversity\.com\/rules\/axe\/4\.\d+\/image-alt/);
    expect(photo.summary).toMatch(/alt attribute/);
    expect(photo.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    // axe-core and QualWeb agree on the image: one finding, both sources.
    expect(photo.sources).toEqual([
      { engine: "axe-core", version: expect.stringMatching(/^4\./), ruleId: "image-alt", kind: "violation" },
      { engine: "qualweb", version: "0.7.5", ruleId: "qw-act-r17", kind: "violation" },
    ]);

    expect(pages.get("/error-500")).toMatchObject({ state: "error", httpStatus: 500, error: "The server answered HTTP 500 Internal Server Error." });
    expect(pages.get("/slow")).toMatchObject({ state: "error", error: "The page did not finish loading within 3000 ms." });
    expect(pages.get("/loop-a")).toMatchObject({ state: "error", error: "Too many redirects (a redirect loop); not scanned." });
    expect(pages.get("/data.json")).toMatchObject({ state: "error", error: "Not an HTML page (content type application/json); not scanned." });

    // A full-page screenshot per scanned page and a crop per failing element.
    const contrastShots = pages.get("/contrast")!.screenshots;
    expect(contrastShots.filter((shot) => shot.kind === "page")).toHaveLength(1);
    expect(contrastShots.filter((shot) => shot.kind === "element")).toHaveLength(2);
    expect(contrastShots.every((shot) => shot.mimeType === "image/jpeg")).toBe(true);
    expect(pages.get("/error-500")!.screenshots).toEqual([]);
  }, 120_000);

  it("caps element screenshots per page and runs best-practice rules only when asked", async () => {
    const { sessionId } = await scanToEnd(
      { urls: [site.url("/missing-alt"), site.url("/form")] },
      { ...FAST, maxElementScreenshots: 1, includeBestPractices: true },
    );
    const pages = await pagesOf(sessionId);
    for (const page of pages.values()) expect(page.screenshots.filter((shot) => shot.kind === "element")).toHaveLength(1);
    // The form page skips from h1 to h3: heading-order is a best-practice rule, not a WCAG one.
    expect(findingsOf(pages.get("/form"))).toEqual(["violation button-name 4.1.2 #go", "violation heading-order  h3", "violation label 4.1.2 #query"]);
  }, 120_000);

  it("runs the AAA rules only at level AAA", async () => {
    const url = site.url("/enhanced-contrast");
    const atAA = await scanToEnd({ urls: [url] });
    expect(findingsOf((await pagesOf(atAA.sessionId)).get("/enhanced-contrast"))).toEqual([]);
    const atAAA = await scanToEnd({ urls: [url] }, FAST, { wcagLevel: "AAA" });
    expect(findingsOf((await pagesOf(atAAA.sessionId)).get("/enhanced-contrast"))).toEqual(["violation color-contrast-enhanced 1.4.6 p"]);
  }, 120_000);

  it("scans a page whose network never goes quiet once the settle limit passes, and reports a TLS failure", async () => {
    // The fixture server speaks plain HTTP, so an https URL on its port fails the TLS handshake.
    const tls = site.url("/clean").replace(/^http:/, "https:");
    const started = Date.now();
    const { sessionId } = await scanToEnd({ urls: [site.url("/streaming"), tls] });
    // The streaming page keeps a request open for good: the scan waited the whole settle limit, then scanned it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(FAST.settleTimeoutMs);
    const pages = await pagesOf(sessionId);
    expect(findingsOf(pages.get("/streaming"))).toEqual(["violation image-alt 1.1.1 #news"]);
    expect(site.hits.get("/api/stream")).toBe(1);
    expect(pages.get("/clean")).toMatchObject({ state: "error", error: expect.stringMatching(/^TLS error \(ERR_SSL_PROTOCOL_ERROR\)/) });
  }, 120_000);

  it("gives every finding on a failing element that element's screenshot", async () => {
    const { sessionId } = await scanToEnd({ urls: [site.url("/shared-element")] });
    const page = (await pagesOf(sessionId)).get("/shared-element")!;
    expect(findingsOf(page)).toEqual(["violation autocomplete-valid 1.3.5 #email", "violation label 4.1.2 #email"]);
    const elementShots = page.screenshots.filter((shot) => shot.kind === "element");
    expect(new Set(elementShots.map((shot) => shot.violationId)).size).toBe(2);
  }, 120_000);

  it("scans a finished session again as a new run, keeping both runs' results", async () => {
    const { sessionId } = await scanToEnd({ urls: [site.url("/form"), site.url("/clean")] });
    const firstRun = await db.scanRun.findFirstOrThrow({ where: { sessionId }, select: { id: true, number: true } });
    const first = await db.violation.findMany({ where: { runId: firstRun.id }, select: { id: true, fingerprint: true }, orderBy: { id: "asc" } });
    expect(first).toHaveLength(2);
    const again = await startScan(tester, sessionId);
    expect(again).toMatchObject({ status: "queued", runNumber: 2 });
    expect(again.runId).not.toBe(firstRun.id);
    await waitFor(() => getScanProgress(sessionId), (value) => value.status === "completed" && value.runId === again.runId, 60_000, "the second run to complete");

    // Run 1 is untouched; run 2 has its own pages and findings of the same issues.
    expect(await db.violation.findMany({ where: { runId: firstRun.id }, select: { id: true, fingerprint: true }, orderBy: { id: "asc" } })).toEqual(first);
    const second = await db.violation.findMany({ where: { runId: again.runId }, select: { id: true, fingerprint: true } });
    expect(second).toHaveLength(2);
    expect(second.map((violation) => violation.id)).not.toContain(first[0]!.id);
    expect(second.map((violation) => violation.fingerprint).sort()).toEqual(first.map((violation) => violation.fingerprint).sort());
    expect(await db.pageResult.count({ where: { runId: firstRun.id } })).toBe(2);
    expect(await db.pageResult.count({ where: { runId: again.runId } })).toBe(2);
    const runs = await db.scanRun.findMany({
      where: { sessionId },
      select: { number: true, status: true, trigger: true, triggeredById: true, pagesPlanned: true, pagesDone: true, violations: true, engineVersions: true },
      orderBy: { number: "asc" },
    });
    expect(runs).toEqual([1, 2].map((number) => ({
      number,
      status: "completed",
      trigger: "user",
      triggeredById: tester.id,
      pagesPlanned: 2,
      pagesDone: 2,
      violations: 2,
      engineVersions: expect.objectContaining({ "axe-core": expect.stringMatching(/^\d+\.\d+/), qualweb: "0.7.5" }),
    })));
  }, 120_000);

  it("fails a session whose scope cannot run, with the reason", async () => {
    const session = await createScanSession(tester.id, projectId, { urls: [] });
    const result = await startScan(tester, session.id);
    expect(result.status).toBe("failed");
    expect(result.failureReason).toMatch(/Give a list of URLs to scan, or a start URL to crawl/);
    const stored = await db.testSession.findUniqueOrThrow({ where: { id: session.id }, select: { status: true, failureReason: true } });
    expect(stored).toEqual({ status: "failed", failureReason: result.failureReason });
    // The attempt is on record as a failed run.
    expect(await db.scanRun.findUniqueOrThrow({ where: { id: result.runId }, select: { number: true, status: true, failureReason: true } })).toEqual({
      number: 1,
      status: "failed",
      failureReason: result.failureReason,
    });
    await expect(startScan(tester, (await createScanSession(tester.id, projectId, { startUrl: "https://elsewhere.example/" })).id)).resolves.toMatchObject({
      status: "failed",
      failureReason: expect.stringMatching(/not on the project's site/),
    });
  });

  it("refuses to start a scan that is already queued (409 with the current status)", async () => {
    const session = await createScanSession(tester.id, projectId, { urls: [site.url("/clean")] }, FAST);
    await startScan(tester, session.id);
    await expect(startScan(tester, session.id)).rejects.toMatchObject({ code: "conflict", details: { currentStatus: expect.stringMatching(/queued|running|completed/) } });
  });
});

describe("crawling", () => {
  it("follows same-origin links and the sitemap once each, respecting nofollow, and never fetches other sites", async () => {
    const { sessionId } = await scanToEnd({ startUrl: site.url("/"), maxPages: 50, maxDepth: 3 });
    const pages = await pagesOf(sessionId);
    expect([...pages.keys()].sort()).toEqual(
      [
        "/",
        "/clean",
        "/contrast",
        "/cycle-a",
        "/cycle-b",
        "/data.json",
        "/error-500",
        "/form",
        "/js-rendered",
        "/loop-a",
        "/missing-alt",
        "/script-link",
        "/sitemap-only",
        "/slow",
      ].sort(),
    );
    expect(pages.get("/")!.depth).toBe(0);
    expect(pages.get("/cycle-b")!.depth).toBe(2);
    expect(pages.get("/script-link")!.depth).toBe(2);
    expect(pages.get("/sitemap-only")!.depth).toBe(1);
    expect(site.hits.get("/nofollow-target")).toBeUndefined();
    expect(elsewhere.hits.size).toBe(0);
  }, 120_000);

  it("follows no link of a page whose robots meta tag says nofollow", async () => {
    const { sessionId } = await scanToEnd({ startUrl: site.url("/robots-nofollow"), maxPages: 10, maxDepth: 3, useSitemap: false });
    expect([...(await pagesOf(sessionId)).keys()]).toEqual(["/robots-nofollow"]);
    expect(site.hits.get("/robots-target")).toBeUndefined();
  }, 120_000);

  it("honours robots.txt (the scanner's own group over *), reads its Sitemap: lines, and can be told to ignore it", async () => {
    const guarded = await startFixtureSite({
      generatedPages: 10,
      robotsTxt: "User-agent: *\nDisallow: /\n\nUser-agent: ClearsightScanner\nDisallow: /gen/1$\nAllow: /\n\nSitemap: ORIGIN/extra-sitemap.xml\n",
    });
    try {
      const project = await createProject(tester.id, guarded.origin);
      const scan = async (respectRobotsTxt?: boolean) => {
        const session = await createScanSession(tester.id, project.id, { startUrl: guarded.url("/gen/0"), maxPages: 20, maxDepth: 1, ...(respectRobotsTxt === undefined ? {} : { respectRobotsTxt }) }, FAST);
        await startScan(tester, session.id);
        await waitFor(() => getScanProgress(session.id), (value) => value.status === "completed", 90_000, "the scan to complete");
        return [...(await pagesOf(session.id)).keys()].sort();
      };
      // /gen/0 links to /gen/1 (disallowed for the scanner) and /gen/2; robots.txt names /extra-sitemap.xml (/gen/7).
      expect(await scan()).toEqual(["/clean", "/gen/0", "/gen/2", "/gen/7", "/sitemap-only"]);
      expect(guarded.hits.get("/gen/1")).toBeUndefined();
      expect(guarded.userAgents.get("/gen/0")).toContain("ClearsightScanner");
      expect(guarded.userAgents.get("/robots.txt")).toContain("ClearsightScanner");
      expect(await scan(false)).toEqual(["/clean", "/gen/0", "/gen/1", "/gen/2", "/sitemap-only"]);
    } finally {
      await guarded.close();
    }
  }, 240_000);

  it("stops at maxPages and maxDepth and applies include/exclude patterns", async () => {
    const limited = await scanToEnd({ startUrl: site.url("/gen/0"), maxPages: 5, maxDepth: 10, useSitemap: false });
    expect(limited.progress.pagesTotal).toBe(5);
    expect(await db.pageResult.count({ where: { sessionId: limited.sessionId } })).toBe(5);

    const shallow = await scanToEnd({ startUrl: site.url("/gen/0"), maxPages: 50, maxDepth: 1, useSitemap: false });
    const shallowPages = await pagesOf(shallow.sessionId);
    // /gen/0 links to /gen/1 and /gen/2 (and to /gen/1 again as 0*2+1).
    expect([...shallowPages.keys()].sort()).toEqual(["/gen/0", "/gen/1", "/gen/2"]);

    const filtered = await scanToEnd({ startUrl: site.url("/"), maxPages: 50, maxDepth: 2, include: ["/c*"], exclude: ["/cycle-b"] });
    expect([...(await pagesOf(filtered.sessionId)).keys()].sort()).toEqual(["/", "/clean", "/contrast", "/cycle-a"]);
  }, 180_000);
});

describe("cancelling", () => {
  it("stops within seconds and keeps the pages already scanned", async () => {
    const urls = Array.from({ length: 40 }, (_, index) => site.url(`/gen/${index}`));
    const session = await createScanSession(tester.id, projectId, { urls }, FAST);
    await startScan(tester, session.id);
    await waitFor(() => getScanProgress(session.id), (value) => value.pagesDone >= 3, 60_000, "three pages to be scanned");
    const requestedAt = Date.now();
    await cancelScan(tester, session.id);
    const progress = await waitFor(() => getScanProgress(session.id), (value) => value.status === "cancelled", 10_000, "the session to be cancelled");
    expect(Date.now() - requestedAt).toBeLessThan(5_000);
    const states = await db.pageResult.groupBy({ by: ["state"], where: { sessionId: session.id }, _count: true });
    expect(states.map((row) => row.state).sort().filter((state) => state !== "error")).toEqual(["done"]);
    expect(progress.pagesDone).toBeGreaterThanOrEqual(3);
    expect(progress.pagesDone).toBeLessThan(40);
    expect(progress.pagesTotal).toBe(progress.pagesDone);
    await expect(cancelScan(tester, session.id)).rejects.toMatchObject({ code: "conflict", details: { currentStatus: "cancelled" } });
  }, 90_000);
});
