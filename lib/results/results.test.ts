import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AXE_VERSION } from "@/lib/scans/axe-script";
import { startScan } from "@/lib/scans/mutations";
import { getScanProgress } from "@/lib/scans/progress";
import { startScanWorker, type ScanWorker } from "@/lib/scans/worker";
import { startFixtureSite, type FixtureSite } from "@/tests/support/fixture-site";
import { createTestRun } from "@/tests/support/factories";
import { createProject, createScanSession, createTester, waitFor } from "@/tests/support/scan-factories";
import { compareRuns } from "./compare";
import { listEvidence } from "./evidence";
import { csvCell, exportFindings } from "./export";
import { triageViolations } from "./mutations";
import { describeOutcome, getResultsOverview } from "./overview";
import { evaluateGate, getResultsSummary, getScreenshot, listResultGroups, listViolations } from "./queries";
import { resultFiltersSchema } from "./schema";

const OPTIONS = { pageTimeoutMs: 5_000, maxElementScreenshots: 2 };

let site: FixtureSite;
let worker: ScanWorker;
let tester: { id: string; email: string };

beforeAll(async () => {
  site = await startFixtureSite();
  tester = await createTester();
  worker = startScanWorker({ concurrency: 2, leaseMs: 5_000, pollMs: 100 });
});

afterAll(async () => {
  await worker?.stop();
  await site?.close();
});

/** Scans the paths as a new session (or a new run of `sessionId`); answers the run's id. */
async function scan(projectId: string, paths: string[], sessionId?: string) {
  const id = sessionId ?? (await createScanSession(tester.id, projectId, { urls: paths.map((path) => site.url(path)) }, OPTIONS)).id;
  const { runId } = await startScan(tester, id);
  await waitFor(() => getScanProgress(id), (progress) => progress.status === "completed" && progress.runId === runId, 90_000, "the scan to complete");
  return { sessionId: id, runId };
}

const filters = (input: Record<string, unknown> = {}) => resultFiltersSchema.parse(input);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("results of a scan", () => {
  let projectId: string;
  let sessionId: string;
  let runId: string;

  beforeAll(async () => {
    projectId = (await createProject(tester.id, site.origin)).id;
    ({ sessionId, runId } = await scan(projectId, ["/missing-alt", "/cycle-a", "/cycle-b", "/contrast", "/form", "/clean"]));
  }, 120_000);

  it("summarises pages, impacts, criteria with titles and levels, and rules", async () => {
    const summary = await getResultsSummary(runId);
    expect(summary.pages).toEqual({ total: 6, done: 6, error: 0, authenticated: 0 });
    expect(summary.failedPages).toEqual([]);
    expect(summary.violations).toMatchObject({
      total: 7,
      needsReview: 1,
      byImpact: { critical: 6, serious: 1, moderate: 0, minor: 0 },
      byStatus: { open: 8, confirmed: 0, false_positive: 0, wont_fix: 0, fixed: 0 },
    });
    expect(summary.byCriterion).toEqual([
      { id: "1.1.1", title: "Non-text Content", level: "A", understanding: "https://www.w3.org/WAI/WCAG22/Understanding/non-text-content.html", instances: 4, pages: 3 },
      { id: "1.4.3", title: "Contrast (Minimum)", level: "AA", understanding: expect.stringContaining("contrast-minimum"), instances: 1, pages: 1 },
      { id: "4.1.2", title: "Name, Role, Value", level: "A", understanding: expect.stringContaining("name-role-value"), instances: 2, pages: 1 },
    ]);
    expect(summary.byRule.map((rule) => [rule.ruleId, rule.impact, rule.instances, rule.pages])).toEqual([
      ["image-alt", "critical", 4, 3],
      ["button-name", "critical", 1, 1],
      ["label", "critical", 1, 1],
      ["color-contrast", "serious", 1, 1],
    ]);
  });

  it("shows an issue repeated across pages as one row with its page count", async () => {
    const { groups, total } = await listResultGroups(runId, filters({ groupBy: "issue" }));
    expect(total).toBe(6);
    const logo = groups.find((group) => group.ruleId === "image-alt" && group.selector === "img");
    expect(logo).toMatchObject({ instances: 2, pages: 2, impact: "critical", wcagCriteria: ["1.1.1"], kind: "violation" });
    expect(logo!.fingerprints).toHaveLength(2);
    expect(groups.map((group) => group.ruleId)).not.toContain(undefined);
  });

  it("groups by rule, criterion and page, and filters by impact, criterion, URL and kind", async () => {
    const byRule = await listResultGroups(runId, filters({ groupBy: "rule" }));
    expect(byRule.groups.map((group) => group.label)).toEqual(["image-alt", "button-name", "label", "color-contrast"]);
    const byCriterion = await listResultGroups(runId, filters({ groupBy: "criterion" }));
    expect(byCriterion.groups.map((group) => [group.label, group.criterion?.level, group.instances])).toEqual([
      ["1.1.1 Non-text Content", "A", 4],
      ["1.4.3 Contrast (Minimum)", "AA", 1],
      ["4.1.2 Name, Role, Value", "A", 2],
    ]);
    const byPage = await listResultGroups(runId, filters({ groupBy: "page" }));
    expect(byPage.groups).toHaveLength(5);
    expect(byPage.groups.find((group) => group.url === site.url("/form"))).toMatchObject({ instances: 2, impact: "critical" });

    expect((await listResultGroups(runId, filters({ groupBy: "rule", impact: "serious" }))).groups.map((group) => group.label)).toEqual(["color-contrast"]);
    expect((await listResultGroups(runId, filters({ groupBy: "rule", criterion: "4.1.2" }))).groups.map((group) => group.label)).toEqual(["button-name", "label"]);
    expect((await listResultGroups(runId, filters({ groupBy: "rule", impact: ["critical", "serious"], url: "cycle" }))).groups).toMatchObject([{ label: "image-alt", instances: 2 }]);
    expect((await listResultGroups(runId, filters({ groupBy: "rule", kind: "needs_review" }))).groups).toMatchObject([{ label: "color-contrast", instances: 1 }]);
  });

  it("lists a group's instances with selector, snippet, help link and screenshots", async () => {
    const { violations, total } = await listViolations(runId, filters({ rule: "image-alt", selector: "#photo" }));
    expect(total).toBe(1);
    expect(violations[0]).toMatchObject({
      selector: "#photo",
      html: '<img id="photo" src="/pixel.png">',
      url: site.url("/missing-alt"),
      pageTitle: "Missing alternative text",
      status: "open",
    });
    expect(violations[0]!.helpUrl).toMatch(/image-alt/);
    expect(violations[0]!.screenshotId).toMatch(/^[0-9a-f-]{36}$/);
    expect(violations[0]!.pageScreenshotId).toMatch(/^[0-9a-f-]{36}$/);
    // The element's screenshot is a region of the page's, cut out when it is read.
    const stored = await db.screenshot.findUniqueOrThrow({
      where: { id: violations[0]!.screenshotId! },
      select: { kind: true, data: true, width: true, height: true, clipX: true, clipY: true },
    });
    expect(stored).toMatchObject({ kind: "element", data: null });
    const pageShot = await getScreenshot(violations[0]!.pageScreenshotId!);
    const pageSize = await sharp(pageShot.data).metadata();
    expect(stored.clipX! + stored.width!).toBeLessThanOrEqual(pageSize.width!);
    expect(stored.clipY! + stored.height!).toBeLessThanOrEqual(pageSize.height!);
    const crop = await getScreenshot(violations[0]!.screenshotId!);
    expect(crop.mimeType).toBe("image/jpeg");
    const cropSize = await sharp(crop.data).metadata();
    expect({ format: cropSize.format, width: cropSize.width, height: cropSize.height }).toEqual({ format: "jpeg", width: stored.width, height: stored.height });
  });

  it("exports every finding as CSV and JSON", async () => {
    const csv = await readAll((await exportFindings(runId, "csv")).stream);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("page_url,page_title,rule_id,kind,impact,wcag_criteria,selector,html,summary,help,help_url,status,status_reason,fingerprint,page_error,authenticated,found_by");
    // Multi-line summaries are quoted, so count records through the JSON export instead.
    const json = JSON.parse(await readAll((await exportFindings(runId, "json")).stream)) as {
      session: { id: string };
      run: { id: string; number: number; engines: Record<string, string> };
      findings: Array<Record<string, unknown>>;
    };
    expect(json.session.id).toBe(sessionId);
    expect(json.run).toMatchObject({ id: runId, number: 1, engines: { "axe-core": AXE_VERSION } });
    expect(json.findings).toHaveLength(8);
    expect(json.findings.filter((finding) => finding.kind === "needs_review")).toHaveLength(1);
    expect(json.findings.find((finding) => finding.selector === "#photo")).toMatchObject({
      page_url: site.url("/missing-alt"),
      rule_id: "image-alt",
      impact: "critical",
      wcag_criteria: ["1.1.1"],
      status: "open",
      authenticated: false,
      // Found by two engines, merged into one finding that names both.
      sources: [
        { engine: "axe-core", version: AXE_VERSION, ruleId: "image-alt", kind: "violation" },
        { engine: "qualweb", version: expect.stringMatching(/^\d+\.\d+\.\d+/), ruleId: "qw-act-r17", kind: "violation" },
      ],
    });
    expect(csv).toContain(`${site.url("/missing-alt")},Missing alternative text,image-alt,violation,critical,1.1.1,#photo,"<img id=""photo"" src=""/pixel.png"">"`);
    // Who found it, as the last column: the engine, its version and its rule.
    expect(lines.find((line) => line.includes(",#photo,"))).toMatch(new RegExp(`,"axe-core ${AXE_VERSION.replace(/\./g, "\\.")} \\(image-alt\\), QualWeb ACT rules [0-9.]+ \\(qw-act-r17\\)"$`));
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
  });
});

describe("a scan with a page that failed", () => {
  let projectId: string;
  let sessionId: string;
  let runId: string;
  const missing = () => site.url("/no-such-page");

  beforeAll(async () => {
    projectId = (await createProject(tester.id, site.origin)).id;
    ({ sessionId, runId } = await scan(projectId, ["/missing-alt", "/cycle-a", "/cycle-b", "/no-such-page"]));
  }, 120_000);

  it("lists, counts and ranks the failed page apart from the scanned ones, with its reason", async () => {
    const overview = await getResultsOverview(runId);
    expect(overview.pages).toEqual({ total: 4, done: 3, error: 1, waiting: 0, signedIn: 0 });
    expect(overview.errorPages).toEqual([expect.objectContaining({ url: missing(), state: "error", httpStatus: 404, error: "The server answered HTTP 404 Not Found.", score: null })]);
    expect(overview.pagesRanked.map((page) => page.url)).not.toContain(missing());
    expect(overview.verdict.text).toContain("1 page could not be scanned.");
    expect(overview.verdict.text).not.toMatch(/No WCAG violations/);
  });

  it("exports the failed page with its reason in CSV and JSON", async () => {
    const csv = await readAll((await exportFindings(runId, "csv")).stream);
    expect(csv).toContain(`\r\n${missing()},,,page_error,,,,,,,,,,,The server answered HTTP 404 Not Found.,false,\r\n`);
    const json = JSON.parse(await readAll((await exportFindings(runId, "json")).stream)) as { pagesWithErrors: unknown[]; findings: unknown[] };
    expect(json.pagesWithErrors).toEqual([{ url: missing(), title: null, httpStatus: 404, error: "The server answered HTTP 404 Not Found.", authenticated: false }]);
    expect(json.findings.length).toBeGreaterThan(0);
  });

  it("counts follow triage: a false positive leaves the open counts, score and charts and shows as triaged", async () => {
    const before = await getResultsOverview(runId);
    const photo = (await listViolations(runId, filters({ rule: "image-alt", selector: "#photo" }))).violations[0]!;
    await triageViolations(tester, sessionId, { ids: [photo.id], status: "false_positive", reason: "Test pixel" });
    const after = await getResultsOverview(runId);
    expect(after.findings.shown).toBe(before.findings.shown - 1);
    expect(after.findings.byImpact.critical).toBe(before.findings.byImpact.critical - 1);
    expect(after.findings.triaged).toBe(before.findings.triaged + 1);
    expect(after.findings.all).toBe(before.findings.all);
    expect(after.byPrinciple.find((principle) => principle.id === "1")!.instances).toBe(before.byPrinciple.find((principle) => principle.id === "1")!.instances - 1);
    // Chosen statuses count instead: false positives only.
    const onlyFalse = await getResultsOverview(runId, ["false_positive"]);
    expect(onlyFalse.findings.shown).toBe(1);
    expect(onlyFalse.byCriterion).toEqual([expect.objectContaining({ id: "1.1.1", instances: 1, pages: 1 })]);
  });

  it("gives a finding's card its region on the page screenshot, criteria links and every page it occurs on", async () => {
    const { violations } = await listEvidence(runId, filters({ rule: "image-alt", status: "open" }));
    const logo = violations.find((violation) => violation.selector === "img")!;
    expect(logo.occursOn.map((page) => page.url).sort()).toEqual([site.url("/cycle-a"), site.url("/cycle-b")].sort());
    expect(logo.occursOnTotal).toBe(2);
    expect(logo.criteria).toEqual([{ id: "1.1.1", title: "Non-text Content", level: "A", understanding: expect.stringContaining("non-text-content") }]);
    const stored = await db.screenshot.findUniqueOrThrow({ where: { violationId: logo.id }, select: { clipX: true, clipY: true, width: true, height: true } });
    expect(logo.region).toEqual({ x: stored.clipX, y: stored.clipY, width: stored.width, height: stored.height });
    expect(logo.pageShot).toMatchObject({ id: logo.pageScreenshotId, width: expect.any(Number), height: expect.any(Number) });
  });
});

describe("the verdict", () => {
  const base = { status: "completed", pagesDone: 3, pagesError: 0, pagesTotal: 3, allViolations: 0, shown: 0, triaged: 0 };
  it("says no violations only for a finished scan that scanned pages and found none", () => {
    expect(describeOutcome(base)).toEqual({ tone: "clean", text: "No WCAG violations found on 3 scanned pages." });
    expect(describeOutcome({ ...base, pagesDone: 0, pagesTotal: 0 }).text).toBe("Nothing was scanned. The scan had no pages to scan.");
    expect(describeOutcome({ ...base, pagesDone: 0, pagesError: 2, pagesTotal: 2 }).text).toBe("Nothing was scanned. 2 pages could not be scanned.");
    expect(describeOutcome({ ...base, status: "running", pagesDone: 1, allViolations: 4 }).text).toBe("Scan in progress — 4 findings so far, 1 of 3 pages scanned.");
    expect(describeOutcome({ ...base, status: "queued", pagesDone: 0 }).tone).toBe("progress");
    expect(describeOutcome({ ...base, status: "failed", pagesDone: 0, failureReason: "Invalid scope." })).toEqual({ tone: "failed", text: "Nothing was scanned. The scan failed: Invalid scope." });
    expect(describeOutcome({ ...base, allViolations: 2, shown: 0, triaged: 2 }).text).toBe("0 violations shown on 3 scanned pages. 2 findings triaged (false positive, won't fix or fixed).");
  });
});

describe("triage", () => {
  it("applies to every instance of an issue, is audited, and carries over to later sessions of the project", async () => {
    const project = await createProject(tester.id, site.origin);
    const first = await scan(project.id, ["/cycle-a", "/cycle-b", "/form"]);
    const logo = (await listResultGroups(first.runId, filters({ groupBy: "issue", rule: "image-alt" }))).groups[0]!;
    expect(logo.pages).toBe(2);

    await expect(triageViolations(tester, first.sessionId, { fingerprints: logo.fingerprints, status: "false_positive" })).rejects.toMatchObject({ name: "ZodError" });
    const result = await triageViolations(tester, first.sessionId, { fingerprints: logo.fingerprints, status: "false_positive", reason: "Decorative logo, hidden from AT by CSS" });
    expect(result).toEqual({ status: "false_positive", reason: "Decorative logo, hidden from AT by CSS", issues: 2, violations: 2 });
    const button = (await listViolations(first.runId, filters({ rule: "button-name" }))).violations[0]!;
    await triageViolations(tester, first.sessionId, { ids: [button.id], status: "wont_fix", reason: "Third-party widget" });

    expect(await db.triageDecision.count({ where: { projectId: project.id } })).toBe(3);
    const audit = await db.auditEvent.findMany({ where: { recordId: first.sessionId, action: "violations.triage" }, select: { actorId: true, changes: true } });
    expect(audit).toHaveLength(2);
    expect(audit[0]!.actorId).toBe(tester.id);

    const gateBefore = await evaluateGate(first.runId, "critical");
    expect(gateBefore).toMatchObject({ passed: false, failing: 1, failingByImpact: { critical: 1 } });

    const second = await scan(project.id, ["/cycle-a", "/cycle-b", "/form"]);
    const inherited = await db.violation.findMany({ where: { runId: second.runId }, select: { ruleId: true, status: true, statusReason: true } });
    expect(inherited.filter((violation) => violation.ruleId === "image-alt")).toEqual([
      { ruleId: "image-alt", status: "false_positive", statusReason: "Decorative logo, hidden from AT by CSS" },
      { ruleId: "image-alt", status: "false_positive", statusReason: "Decorative logo, hidden from AT by CSS" },
    ]);
    expect(inherited.find((violation) => violation.ruleId === "button-name")).toMatchObject({ status: "wont_fix" });
    expect(inherited.find((violation) => violation.ruleId === "label")).toMatchObject({ status: "open" });
    const openOnly = await listResultGroups(second.runId, filters({ groupBy: "rule", status: "open" }));
    expect(openOnly.groups.map((group) => group.label)).toEqual(["label"]);

    // Reopening is recorded as a decision (nothing is deleted); a fixed label makes the CI gate pass.
    const secondButton = (await listViolations(second.runId, filters({ rule: "button-name" }))).violations.map((violation) => violation.id);
    await triageViolations(tester, second.sessionId, { ids: secondButton, status: "open" });
    expect(await db.triageDecision.count({ where: { projectId: project.id } })).toBe(3);
    expect(await db.triageDecision.count({ where: { projectId: project.id, status: "open", decidedById: tester.id } })).toBe(1);
    await triageViolations(tester, second.sessionId, { fingerprints: (await listViolations(second.runId, filters({ status: "open" }))).violations.map((violation) => violation.fingerprint!), status: "fixed" });
    expect(await evaluateGate(second.runId, "critical")).toMatchObject({ passed: true, failing: 0, status: "completed" });
  }, 180_000);
});

describe("comparing runs", () => {
  it("reports new, fixed, unchanged and not-rescanned issues between two sessions' runs and between two runs of one session", async () => {
    const project = await createProject(tester.id, site.origin);
    site.setFixed(false);
    const base = await scan(project.id, ["/changing", "/missing-alt", "/form"]);
    site.setFixed(true);
    const head = await scan(project.id, ["/changing", "/missing-alt", "/contrast"]);
    // The base session scanned again, with the fix in place: its run 2 against its run 1.
    const rescan = await scan(project.id, [], base.sessionId);
    site.setFixed(false);

    const describe = (bucket: { issues: Array<{ ruleId: string; selector: string; pagePath: string }> }) =>
      bucket.issues.map((issue) => `${issue.pagePath} ${issue.ruleId} ${issue.selector}`).sort();
    const comparison = await compareRuns(project.id, base.runId, head.runId);
    expect(describe(comparison.fixed)).toEqual(["/changing image-alt #chart"]);
    expect(describe(comparison.new)).toEqual(["/contrast color-contrast .faint"]);
    expect(describe(comparison.unchanged)).toEqual(["/missing-alt image-alt #photo", "/missing-alt image-alt .logo"]);
    expect(describe(comparison.notRescanned)).toEqual(["/form button-name #go", "/form label #query"]);
    expect(comparison.fixed.count).toBe(1);

    const runs = await compareRuns(project.id, base.runId, rescan.runId);
    expect(runs.base).toMatchObject({ id: base.runId, number: 1, sessionId: base.sessionId });
    expect(runs.head).toMatchObject({ id: rescan.runId, number: 2, sessionId: base.sessionId });
    expect(describe(runs.fixed)).toEqual(["/changing image-alt #chart"]);
    expect(describe(runs.new)).toEqual([]);
    expect(describe(runs.unchanged)).toEqual(["/form button-name #go", "/form label #query", "/missing-alt image-alt #photo", "/missing-alt image-alt .logo"]);
    // A session id stands for its latest run.
    expect((await compareRuns(project.id, head.sessionId, base.sessionId)).head.id).toBe(rescan.runId);

    const otherProject = await createProject(tester.id, site.origin);
    await expect(compareRuns(otherProject.id, base.runId, head.runId)).rejects.toMatchObject({ code: "not_found" });
    await expect(compareRuns(project.id, base.runId, base.runId)).rejects.toMatchObject({ code: "invalid_request" });
  }, 240_000);
});

describe("export at scale", () => {
  it("streams 100k findings as CSV and as JSON with flat memory", async () => {
    const project = await createProject(tester.id, site.origin);
    const session = await createScanSession(tester.id, project.id, { urls: [site.url("/clean")] });
    const run = await createTestRun(session.id);
    const page = await db.pageResult.create({ data: { sessionId: session.id, runId: run.id, url: site.url("/big"), state: "done" }, select: { id: true } });
    const snippet = "x".repeat(1_000);
    await db.$executeRaw`
      INSERT INTO violations (id, session_id, run_id, page_result_id, rule_id, kind, impact, wcag_criteria, tags, selector, html, summary, fingerprint, created_at, updated_at)
      SELECT gen_random_uuid(), ${session.id}::uuid, ${run.id}::uuid, ${page.id}::uuid, 'image-alt', 'violation', 'critical', ARRAY['1.1.1'], ARRAY['wcag2a'],
             '#item-' || n, ${snippet}, 'Fix it', md5(n::text), now(), now()
      FROM generate_series(1, 100000) AS n`;
    // What autovacuum does after a bulk load, done now so the plan does not depend on its timing.
    await db.$executeRaw`ANALYZE violations`;

    // Live memory, not garbage waiting for collection: collect before each sample.
    v8.setFlagsFromString("--expose-gc");
    const collect = runInNewContext("gc") as () => void;
    // A CSV record ends with CRLF (the header too); a JSON record is one object with its rule id.
    const recordPattern = { csv: /\r\n/g, json: /"rule_id":"image-alt"/g };
    for (const format of ["csv", "json"] as const) {
      collect();
      const baseline = process.memoryUsage().heapUsed;
      let peak = baseline;
      let records = 0;
      let bytes = 0;
      let chunks = 0;
      let head = "";
      let tail = "";
      const reader = (await exportFindings(run.id, format)).stream.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        const text = decoder.decode(value);
        if (!head) head = text.slice(0, 20);
        tail = text.slice(-10);
        records += (text.match(recordPattern[format]) ?? []).length;
        chunks++;
        if (chunks % 5 === 0) {
          collect();
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        }
      }
      expect(records).toBe(format === "csv" ? 100_001 : 100_000);
      if (format === "json") {
        expect(head.startsWith('{"session":{')).toBe(true);
        expect(tail.endsWith("]}\n")).toBe(true);
      }
      // More than 100 MB went through; the heap never held more than a few batches of it.
      expect(bytes).toBeGreaterThan(100_000_000);
      expect(peak - baseline).toBeLessThan(20_000_000);
    }
  }, 120_000);
});
