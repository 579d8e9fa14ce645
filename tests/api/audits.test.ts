/**
 * WCAG audits through the API: a hybrid session scanned on the fixture site gets proposals, a
 * tester records outcomes and failure instances, and the reports (OpenACR, EARL, PDF, HTML,
 * CSV/JSON) carry them. Route handlers are called directly with real requests.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import jsonld from "jsonld";
import { NextRequest } from "next/server";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GET as listCriteriaRoute } from "@/app/api/v1/sessions/[id]/criteria/route";
import { GET as criterionRoute, PUT as putCriterionRoute } from "@/app/api/v1/sessions/[id]/criteria/[criterion]/route";
import { GET as instancesRoute, POST as addInstanceRoute } from "@/app/api/v1/sessions/[id]/criteria/[criterion]/instances/route";
import { GET as instanceScreenshotRoute } from "@/app/api/v1/sessions/[id]/criteria/[criterion]/instances/[instanceId]/screenshot/route";
import { PUT as requirementsRoute } from "@/app/api/v1/sessions/[id]/criteria/[criterion]/requirements/route";
import { GET as reportRoute } from "@/app/api/v1/sessions/[id]/report/route";
import { db } from "@/lib/db";
import { startScan } from "@/lib/scans/mutations";
import { getScanProgress } from "@/lib/scans/progress";
import { startScanWorker, type ScanWorker } from "@/lib/scans/worker";
import { createTestUser, type TestUser } from "@/tests/support/factories";
import { startFixtureSite, type FixtureSite } from "@/tests/support/fixture-site";
import { createProject, createScanSession, waitFor } from "@/tests/support/scan-factories";

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

let site: FixtureSite;
let worker: ScanWorker;
let tester: TestUser;
let viewer: TestUser;
let sessionId: string;

async function call(
  handler: Handler,
  params: Record<string, string>,
  init: { method?: string; body?: unknown; form?: FormData; as?: TestUser; query?: string } = {},
) {
  const request = new NextRequest(new URL(`/api/v1/test${init.query ?? ""}`, "http://clearsight.test"), {
    method: init.method ?? "GET",
    headers: { ...(init.as ?? tester).authHeader, ...(init.body ? { "content-type": "application/json" } : {}) },
    body: init.form ?? (init.body ? JSON.stringify(init.body) : undefined),
  });
  return handler(request, { params: Promise.resolve(params) });
}

type CriterionJson = {
  criterion: string;
  level: string;
  outcome: string;
  proposedOutcome: string | null;
  proposal: string;
  notes: string | null;
  automated: { violations: number; needsReview: number; covered: boolean };
  updatedAt: string | null;
};

async function listCriteria(): Promise<CriterionJson[]> {
  const response = await call(listCriteriaRoute, { id: sessionId });
  expect(response.status).toBe(200);
  return (await response.json()) as CriterionJson[];
}

async function put(criterion: string, body: unknown, as?: TestUser) {
  return call(putCriterionRoute, { id: sessionId, criterion }, { method: "PUT", body, as });
}

async function report(format: string): Promise<Response> {
  const response = await call(reportRoute, { id: sessionId }, { query: `?format=${format}` });
  expect(response.status, format).toBe(200);
  return response;
}

beforeAll(async () => {
  site = await startFixtureSite();
  tester = await createTestUser("TESTER");
  viewer = await createTestUser("VIEWER");
  worker = startScanWorker({ concurrency: 2, leaseMs: 5_000, pollMs: 100 });
  const project = await createProject(tester.user.id, site.origin);
  const session = await createScanSession(
    tester.user.id,
    project.id,
    { urls: ["/missing-alt", "/contrast", "/form", "/clean"].map((page) => site.url(page)) },
    { pageTimeoutMs: 5_000 },
    { approach: "hybrid" },
  );
  sessionId = session.id;
  await startScan(tester.actor, sessionId);
  await waitFor(() => getScanProgress(sessionId), (progress) => progress.status === "completed", 90_000, "the scan to complete");
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await site?.close();
});

describe("a hybrid audit", () => {
  it("proposes outcomes from the scan without deciding them", async () => {
    const criteria = await listCriteria();
    // WCAG 2.2 AA: 31 level A and 24 level AA criteria.
    expect(criteria).toHaveLength(55);
    const byId = new Map(criteria.map((row) => [row.criterion, row]));
    expect(byId.get("1.1.1")).toMatchObject({ level: "A", outcome: "untested", proposedOutcome: "failed", proposal: "failed", updatedAt: null });
    expect(byId.get("1.1.1")!.automated.violations).toBeGreaterThan(0);
    expect(byId.get("1.4.3")).toMatchObject({ level: "AA", outcome: "untested", proposedOutcome: "failed", automated: { violations: 1 } });
    // No axe-core rule checks Focus Visible.
    expect(byId.get("2.4.7")).toMatchObject({ proposal: "manual", proposedOutcome: null, automated: { violations: 0, needsReview: 0, covered: false } });
    // Page titles are checked by a rule and every fixture page has one.
    expect(byId.get("2.4.2")).toMatchObject({ proposal: "no_findings", proposedOutcome: null, automated: { violations: 0, covered: true } });
    const review = criteria.filter((row) => row.proposal === "review");
    for (const row of review) expect(row.automated).toMatchObject({ violations: 0, needsReview: expect.any(Number) });
    expect(criteria.every((row) => row.outcome === "untested")).toBe(true);
  });

  it("records outcomes with notes, refusing viewers, unknown and out-of-scope criteria and stale edits", async () => {
    const forbidden = await put("1.1.1", { outcome: "failed" }, viewer);
    expect(forbidden.status).toBe(403);

    const unknown = await put("9.9.9", { outcome: "passed" });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining("9.9.9"), fields: { criterion: [expect.stringContaining("9.9.9")] } } });
    const aaa = await put("1.4.6", { outcome: "passed" });
    expect(aaa.status).toBe(400);
    expect((await aaa.json()).error.message).toMatch(/1\.4\.6.*outside this session's scope, WCAG 2\.2 level AA/);
    const badOutcome = await put("1.1.1", { outcome: "maybe" });
    expect(badOutcome.status).toBe(400);
    expect(await badOutcome.json()).toMatchObject({ error: { fields: { outcome: [expect.stringContaining("passed, failed")] } } });

    const saved = await put("1.1.1", { outcome: "failed", notes: "Product images have no text alternative.", expectedUpdatedAt: null });
    expect(saved.status).toBe(200);
    const first = (await saved.json()) as CriterionJson & { testedBy: { id: string } };
    expect(first).toMatchObject({ criterion: "1.1.1", outcome: "failed", proposedOutcome: "failed", notes: "Product images have no text alternative.", testedBy: { id: tester.user.id } });
    expect(first.updatedAt).not.toBeNull();

    // Someone else's verdict since the criterion was read without one.
    const staleFromNull = await put("1.1.1", { outcome: "passed", expectedUpdatedAt: null });
    expect(staleFromNull.status).toBe(409);
    const second = await put("1.1.1", { outcome: "failed", notes: "Images on two pages lack alt text.", expectedUpdatedAt: first.updatedAt });
    expect(second.status).toBe(200);
    const stale = await put("1.1.1", { outcome: "passed", expectedUpdatedAt: first.updatedAt });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: { code: "conflict", reason: "stale", changedFields: ["notes"], current: { outcome: "failed", notes: "Images on two pages lack alt text." } } });

    expect((await put("1.4.3", { outcome: "passed", notes: "Checked by hand: the flagged text is decorative." })).status).toBe(200);
    expect((await put("2.4.7", { outcome: "not_applicable" })).status).toBe(200);
    expect((await put("1.3.1", { outcome: "cannot_tell", notes: "Needs a screen reader check." })).status).toBe(200);

    const events = await db.auditEvent.findMany({ where: { action: "criterion_results.record", actorId: tester.user.id }, select: { changes: true } });
    expect(events.length).toBeGreaterThanOrEqual(5);
  });

  it("ticks test requirements off, and only the criterion's own", async () => {
    const ok = await call(requirementsRoute, { id: sessionId, criterion: "1.1.1" }, { method: "PUT", body: { requirements: ["1.1.1-H37", "1.1.1-G94"] } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ checkedRequirements: ["1.1.1-G94", "1.1.1-H37"], outcome: "failed" });
    const wrong = await call(requirementsRoute, { id: sessionId, criterion: "1.1.1" }, { method: "PUT", body: { requirements: ["1.4.3-G18"] } });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.fields.requirements[0]).toContain("1.4.3-G18");
  });

  it("adds failure instances with screenshots that are size- and type-checked", async () => {
    const params = { id: sessionId, criterion: "1.1.1" };
    const json = await call(addInstanceRoute, params, { method: "POST", body: { pageUrl: site.url("/missing-alt"), selector: "img.hero", description: "Hero image has no alt." } });
    expect(json.status).toBe(201);

    const png = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#c00" } }).png().toBuffer();
    const form = new FormData();
    form.set("pageUrl", site.url("/form"));
    form.set("description", "Icon button image has no text alternative.");
    form.set("screenshot", new Blob([new Uint8Array(png)], { type: "image/png" }), "shot.png");
    const withShot = await call(addInstanceRoute, params, { method: "POST", form });
    expect(withShot.status).toBe(201);
    const { id: instanceId } = (await withShot.json()) as { id: string };

    const shot = await call(instanceScreenshotRoute, { ...params, instanceId });
    expect(shot.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await shot.arrayBuffer()).equals(png)).toBe(true);

    const fake = new FormData();
    fake.set("pageUrl", site.url("/form"));
    fake.set("description", "Not an image");
    fake.set("screenshot", new Blob(["<svg></svg> is not a screenshot"], { type: "image/png" }), "shot.png");
    const notImage = await call(addInstanceRoute, params, { method: "POST", form: fake });
    expect(notImage.status).toBe(400);
    expect((await notImage.json()).error.fields.screenshot[0]).toMatch(/not an image/);

    const huge = new FormData();
    huge.set("pageUrl", site.url("/form"));
    huge.set("description", "Too big");
    huge.set("screenshot", new Blob([new Uint8Array(6 * 1024 * 1024)], { type: "image/png" }), "big.png");
    const tooBig = await call(addInstanceRoute, params, { method: "POST", form: huge });
    expect(tooBig.status).toBe(413);

    const noDescription = await call(addInstanceRoute, params, { method: "POST", body: { pageUrl: "ftp://example.org/" } });
    expect(noDescription.status).toBe(400);
    expect(Object.keys((await noDescription.json()).error.fields).sort()).toEqual(["description", "pageUrl"]);

    const viewerAdd = await call(addInstanceRoute, params, { method: "POST", body: { pageUrl: site.url("/"), description: "x" }, as: viewer });
    expect(viewerAdd.status).toBe(403);

    const list = (await (await call(instancesRoute, params)).json()) as Array<{ pageUrl: string; hasScreenshot: boolean }>;
    expect(list.map((instance) => [instance.pageUrl, instance.hasScreenshot])).toEqual([
      [site.url("/missing-alt"), false],
      [site.url("/form"), true],
    ]);
    const detail = await (await call(criterionRoute, params)).json();
    expect(detail).toMatchObject({ criterion: "1.1.1", failureInstances: [{ selector: "img.hero" }, { selector: null }] });
  });
});

describe("reports of the audit", () => {
  it("writes OpenACR that validates against the schema, with the expected levels", async () => {
    const response = await report("openacr");
    expect(response.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
    const document = parse(await response.text()) as { catalog: string; chapters: Record<string, { criteria: Array<{ num: string; components: Array<{ name: string; adherence: { level: string; notes: string } }> }> }> };
    const schema = JSON.parse(readFileSync(path.join(process.cwd(), "lib/reports/openacr/openacr-0.1.0.json"), "utf8")) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(document.catalog).toBe("2.5-edition-wcag-2.2-en");
    expect(Object.keys(document.chapters)).toEqual(["success_criteria_level_a", "success_criteria_level_aa"]);
    const level = (num: string) =>
      Object.values(document.chapters)
        .flatMap((chapter) => chapter.criteria)
        .find((criterion) => criterion.num === num)?.components[0];
    // Fails on two of the four sampled pages: partially supports.
    expect(level("1.1.1")).toMatchObject({ name: "web", adherence: { level: "partially-supports", notes: expect.stringContaining("Images on two pages lack alt text.") } });
    expect(level("1.4.3")).toMatchObject({ adherence: { level: "supports", notes: expect.stringContaining("decorative") } });
    expect(level("2.4.7")?.adherence.level).toBe("not-applicable");
    expect(level("1.3.1")?.adherence.level).toBe("not-evaluated");
    expect(level("2.4.2")?.adherence.level).toBe("not-evaluated");
    expect(document.chapters.success_criteria_level_a!.criteria).toHaveLength(32);
    expect(document.chapters.success_criteria_level_aa!.criteria).toHaveLength(24);
  });

  it("writes EARL that expands as JSON-LD with one assertion per criterion", async () => {
    const response = await report("earl");
    expect(response.headers.get("content-type")).toBe("application/ld+json; charset=utf-8");
    const expanded = (await jsonld.expand((await response.json()) as jsonld.JsonLdDocument)) as Array<Record<string, unknown>>;
    const EARL = "http://www.w3.org/ns/earl#";
    const assertions = expanded.filter((node) => (node["@type"] as string[] | undefined)?.includes(`${EARL}Assertion`));
    expect(assertions).toHaveLength(55);
    const outcomeOf = (anchor: string) => {
      const assertion = assertions.find((node) => (node[`${EARL}test`] as Array<{ "@id": string }>)[0]!["@id"] === `https://www.w3.org/TR/WCAG22/#${anchor}`)!;
      const result = (assertion[`${EARL}result`] as Array<Record<string, Array<{ "@id": string }>>>)[0]!;
      return { outcome: result[`${EARL}outcome`]![0]!["@id"], pointers: (result[`${EARL}pointer`] ?? []).length, mode: (assertion[`${EARL}mode`] as Array<{ "@id": string }>)[0]!["@id"] };
    };
    expect(outcomeOf("non-text-content")).toEqual({ outcome: `${EARL}failed`, pointers: 2, mode: `${EARL}semiAuto` });
    expect(outcomeOf("contrast-minimum").outcome).toBe(`${EARL}passed`);
    expect(outcomeOf("focus-visible")).toEqual({ outcome: `${EARL}inapplicable`, pointers: 0, mode: `${EARL}manual` });
    expect(outcomeOf("info-and-relationships").outcome).toBe(`${EARL}cantTell`);
    expect(outcomeOf("page-titled").outcome).toBe(`${EARL}untested`);
  });

  it("renders a real PDF whose text has the criteria and outcomes", async () => {
    const response = await report("pdf");
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const pdf = await getDocument({ data: bytes, useSystemFonts: true }).promise;
    let text = "";
    for (let number = 1; number <= pdf.numPages; number++) {
      const content = await (await pdf.getPage(number)).getTextContent();
      text += `${content.items.map((item) => ("str" in item ? item.str : "")).join(" ")}\n`;
    }
    const flat = text.replace(/\s+/g, " ");
    expect(flat).toContain("1.1.1 Non-text Content");
    expect(flat).toContain("Does not conform");
    expect(flat).toMatch(/1\.4\.3 Contrast \(Minimum\) AA Passed Supports/);
    expect(flat).toMatch(/2\.4\.7 Focus Visible AA Not applicable Not Applicable/);
    expect(flat).toContain("Partially Supports");
    expect(flat).toContain("axe-core 4.");
    expect((await pdf.getOutline())?.length ?? 0).toBeGreaterThan(0);
  }, 60_000);

  it("writes the HTML report with scope, method, results and evidence, and keeps the CSV and JSON exports", async () => {
    const response = await report("html");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="clearsight-report-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.html"$/);
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    for (const heading of ["Summary", "Scope and sample", "Method", "Results by success criterion", "Findings by criterion"]) expect(html).toContain(`>${heading}</h2>`);
    expect(html).toContain("Hero image has no alt.");
    expect(html).toMatch(/<img src="data:image\/png;base64,/);
    expect(html).not.toMatch(/src="(https?:)?\/\//);

    const csv = await report("csv");
    expect((await csv.text()).startsWith("page_url,page_title,rule_id")).toBe(true);
    const json = (await (await report("json")).json()) as { findings: unknown[] };
    expect(json.findings.length).toBeGreaterThan(0);

    const bad = await call(reportRoute, { id: sessionId }, { query: "?format=docx" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields.format[0]).toContain("html, pdf, openacr, earl, csv, json");
    const missing = await call(reportRoute, { id: randomUUID() }, { query: "?format=html" });
    expect(missing.status).toBe(404);
  });
});
