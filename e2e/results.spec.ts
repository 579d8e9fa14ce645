/**
 * The results experience, as a tester uses it: failures are visible and exported, a running or
 * empty scan never reads as a pass, counts follow triage, a triage reason stays with its own
 * decision, a finding's evidence outlines the element where it was stored, the first finding is
 * a few Tab presses away, and results, project and compare pages work at 320 px.
 */
import type { Page } from "@playwright/test";
import pg from "pg";
import { startFixtureSite, type FixtureSite } from "@/tests/support/fixture-site";
import { expect, expectNoAxeViolations, test, uniqueSuffix } from "./support/fixtures";

let site: FixtureSite;

test.beforeAll(async () => {
  site = await startFixtureSite();
});

test.afterAll(async () => {
  await site.close();
});

async function createProject(page: Page, name = `Results journey ${uniqueSuffix()}`): Promise<string> {
  const response = await page.request.post("/api/v1/projects", { data: { name, primaryUrl: site.url("/") } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function createSession(page: Page, projectId: string, name: string, paths: string[], scanOptions: Record<string, unknown> = {}): Promise<string> {
  const response = await page.request.post(`/api/v1/projects/${projectId}/sessions`, {
    data: { name, approach: "automated", wcagVersion: "2.2", wcagLevel: "AA", scope: { urls: paths.map((path) => site.url(path)) }, scanOptions },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function startScan(page: Page, sessionId: string): Promise<void> {
  const response = await page.request.post(`/api/v1/sessions/${sessionId}/scan`);
  expect(response.status(), await response.text()).toBeLessThan(300);
}

async function scan(page: Page, sessionId: string): Promise<void> {
  await startScan(page, sessionId);
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/sessions/${sessionId}/progress`)).json()) as { status: string }).status, { timeout: 120_000 })
    .toBe("completed");
}

async function noSidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("a page that failed is listed, counted and exported; only a scan that scanned pages and found nothing says so", async ({ pageAs }) => {
  test.setTimeout(180_000);
  const { page } = await pageAs("TESTER");
  const projectId = await createProject(page);
  const withError = await createSession(page, projectId, "With a missing page", ["/clean", "/no-such-page"]);
  const onlyMissing = await createSession(page, projectId, "Nothing reachable", ["/no-such-page"]);
  const clean = await createSession(page, projectId, "Clean", ["/clean"]);
  await Promise.all([scan(page, withError), scan(page, onlyMissing), scan(page, clean)]);

  await page.goto(`/sessions/${withError}/results`);
  await expect(page.getByTestId("verdict")).toContainText("1 page could not be scanned.");
  await expect(page.getByTestId("verdict")).toContainText("No WCAG violations found on 1 scanned page.");
  const errorsTile = page.getByRole("link", { name: /pages with errors: show them/ });
  await expect(errorsTile).toHaveText(/^1/);
  await errorsTile.click();
  await expect(page).toHaveURL(/#pages-with-errors$/);
  const errors = page.getByRole("region", { name: "Pages with errors (1)" });
  await expect(errors).toContainText(site.url("/no-such-page"));
  await expect(errors).toContainText("The server answered HTTP 404 Not Found.");
  await expectNoAxeViolations(page);

  const csv = await (await page.request.get(`/api/v1/sessions/${withError}/export?format=csv`)).text();
  expect(csv).toContain(`${site.url("/no-such-page")},,,page_error,`);
  expect(csv).toContain("The server answered HTTP 404 Not Found.");

  await page.goto(`/sessions/${onlyMissing}/results`);
  await expect(page.getByTestId("verdict")).toHaveText("Nothing was scanned. 1 page could not be scanned.");
  await expect(page.getByText(/No WCAG violations/)).toHaveCount(0);

  await page.goto(`/sessions/${clean}/results`);
  await expect(page.getByTestId("verdict")).toHaveText("No WCAG violations found on 1 scanned page.");
});

test("a running scan says it is in progress, never that nothing was found, and the session page shows live state", async ({ pageAs }) => {
  test.setTimeout(120_000);
  const { page } = await pageAs("TESTER");
  const projectId = await createProject(page);
  // The slow page never finishes loading: the scan stays running until it is cancelled.
  const sessionId = await createSession(page, projectId, "Still running", ["/slow"], { pageTimeoutMs: 60_000 });
  await page.goto(`/sessions/${sessionId}`);
  await page.getByRole("button", { name: "Start scan" }).click();
  await expect(page.getByRole("heading", { name: /Scan progress: (Queued|Running)/ })).toBeVisible();
  await expect(page.getByText("Scan queued.")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Scan progress: Running" })).toBeVisible({ timeout: 30_000 });

  await page.goto(`/sessions/${sessionId}/results`);
  await expect(page.getByTestId("verdict")).toHaveText("Scan in progress — 0 findings so far, 0 of 1 pages scanned.");
  await expect(page.getByText(/No WCAG violations/)).toHaveCount(0);
  await expectNoAxeViolations(page);
  expect((await page.request.post(`/api/v1/sessions/${sessionId}/cancel`)).status()).toBeLessThan(300);
});

test("triage: a reason stays with its own decision, counts follow triage, evidence outlines the stored region, and the pages work by keyboard and at 320 px", async ({ pageAs }) => {
  // Two scans of four pages on a machine that may be shared: generous, not a sleep.
  test.setTimeout(240_000);
  const { page } = await pageAs("TESTER");
  const projectName = `Evidence ${uniqueSuffix()}`;
  const projectId = await createProject(page, projectName);
  const first = await createSession(page, projectId, "Before the fix", ["/missing-alt", "/cycle-a", "/cycle-b", "/contrast"]);
  await scan(page, first);

  await page.goto(`/sessions/${first}/results?groupBy=rule`);
  await expect(page).toHaveTitle(`Results: Before the fix · ${projectName} · Clearsight`);
  const open = Number(await page.getByTestId("open-count").textContent());
  const critical = page.getByRole("link", { name: /critical findings: show them/ });
  const criticalBefore = Number((await critical.textContent())?.match(/^\d+/)?.[0]);
  expect(open).toBeGreaterThan(4);
  await expect(page.getByTestId("triaged-count")).toHaveText(/^0/);

  // False positive with a reason, then "Confirmed" on another issue: the reason does not follow.
  await page.getByRole("checkbox", { name: /^Select image-alt/ }).check();
  await page.getByLabel("New status").selectOption("false_positive");
  const reason = page.getByLabel(/^Reason \(required for false positives\)/);
  await reason.fill("Decorative images in the fixture");
  await page.getByRole("button", { name: "Apply to selected" }).click();
  // Every image-alt finding: the logo on three pages and the photo.
  await expect(page.getByText("Marked 4 findings as false positive.")).toBeVisible();
  await expect(reason).toHaveValue("");
  await page.getByRole("checkbox", { name: /^Select color-contrast/ }).check();
  await page.getByLabel("New status").selectOption("confirmed");
  await page.getByRole("button", { name: "Apply to selected" }).click();
  await expect(page.getByText("Marked 1 finding as confirmed.")).toBeVisible();
  const confirmed = (await (await page.request.get(`/api/v1/sessions/${first}/violations?rule=color-contrast`)).json()) as { violations: Array<{ status: string; statusReason: string | null }> };
  expect(confirmed.violations).toEqual([expect.objectContaining({ status: "confirmed", statusReason: null })]);
  const falsePositives = (await (await page.request.get(`/api/v1/sessions/${first}/violations?rule=image-alt`)).json()) as { violations: Array<{ statusReason: string | null }> };
  expect(falsePositives.violations.map((violation) => violation.statusReason)).toEqual(Array(4).fill("Decorative images in the fixture"));

  // The counts follow: four fewer open (confirmed stays open), four triaged, four fewer critical.
  await expect(page.getByTestId("open-count")).toHaveText(String(open - 4));
  await expect(page.getByTestId("triaged-count")).toHaveText(/^4/);
  await expect(critical).toHaveText(new RegExp(`^${criticalBefore - 4}`));
  // The status filter changes what is counted: false positives only.
  await page.goto(`/sessions/${first}/results?groupBy=rule&status=false_positive`);
  await expect(page.getByRole("link", { name: /critical findings: show them/ })).toHaveText(/^4/);
  await expectNoAxeViolations(page);

  // Keyboard: skip links lead to the first finding in three Tab presses.
  await page.goto(`/sessions/${first}/results?status=any`);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to findings" })).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  const firstCard = page.locator("#findings-list li").first();
  await expect(firstCard.locator(":focus")).toHaveCount(1);
  // Open the #photo issue's evidence from its card.
  await page.getByRole("link", { name: /^image-alt #photo\b/ }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/showSelector=%23photo/);
  const card = page.locator("article", { has: page.getByRole("heading", { name: /Images must have alternative text/ }) }).first();
  await expect(card).toContainText("#photo");
  await expect(card).toContainText('<img id="photo" src="/pixel.png">');
  await expect(card.getByRole("link", { name: /1\.1\.1 Non-text Content/ })).toHaveAttribute("href", /Understanding\/non-text-content/);
  await expect(card.getByRole("link", { name: "Missing alternative text", exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  // The outline is drawn over the region stored for the element.
  const violationId = await card.getAttribute("data-finding");
  const db = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await db.connect();
  const { rows } = await db.query<{ x: number; y: number; width: number; height: number }>("SELECT clip_x AS x, clip_y AS y, width, height FROM screenshots WHERE violation_id = $1", [violationId]);
  await db.end();
  const stored = rows[0]!;
  const svg = card.getByRole("img", { name: /with the failing element #photo outlined/ });
  const [viewX, viewY, viewWidth] = ((await svg.getAttribute("viewBox")) ?? "").split(" ").map(Number) as [number, number, number];
  const svgBox = (await svg.boundingBox())!;
  const highlight = (await card.locator("rect[data-highlight]").boundingBox())!;
  const scale = svgBox.width / viewWidth;
  // The outline's geometry is the stored region; on screen its centre sits over the region's
  // centre and its size is the region's, plus at most the 3-unit stroke (Chromium may include it).
  expect(await card.locator("rect[data-highlight]").getAttribute("data-highlight")).toBe(`${stored.x} ${stored.y} ${stored.width} ${stored.height}`);
  const centre = (start: number, size: number) => start + size / 2;
  expect(Math.abs(centre(highlight.x, highlight.width) - (svgBox.x + (stored.x + stored.width / 2 - viewX) * scale))).toBeLessThan(1.5);
  expect(Math.abs(centre(highlight.y, highlight.height) - (svgBox.y + (stored.y + stored.height / 2 - viewY) * scale))).toBeLessThan(1.5);
  for (const [shown, size] of [[highlight.width, stored.width], [highlight.height, stored.height]] as const) {
    expect(shown).toBeGreaterThanOrEqual(size * scale - 1.5);
    expect(shown).toBeLessThanOrEqual((size + 3) * scale + 1.5);
  }

  // Triage from the card itself.
  await card.getByRole("button", { name: "Won't fix" }).click();
  await expect(card.getByText("Marked 1 finding as won't fix.")).toBeVisible();

  // 320 px: the results with evidence open and the project page fit without sideways scrolling.
  await page.setViewportSize({ width: 320, height: 720 });
  expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page);
  await page.goto(`/projects/${projectId}`);
  await expect(page).toHaveTitle(`${projectName} · Clearsight`);
  await expect(page.getByRole("region", { name: "Latest scan" })).toContainText("Before the fix");
  expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page);

  // A second scan, then compare from the project page at 320 px: both pickers keep a usable width.
  const second = await createSession(page, projectId, "After the fix", ["/missing-alt", "/cycle-a", "/cycle-b", "/contrast"]);
  await scan(page, second);
  await page.goto(`/projects/${projectId}`);
  const base = page.getByLabel("Earlier scan (base)");
  const head = page.getByLabel("Later scan (head)");
  for (const picker of [base, head]) expect((await picker.boundingBox())!.width).toBeGreaterThan(240);
  // The pickers list runs: each session's latest run.
  const latestRun = async (sessionId: string) => ((await (await page.request.get(`/api/v1/sessions/${sessionId}/runs`)).json()) as { items: Array<{ id: string }> }).items[0]!.id;
  const [baseRun, headRun] = [await latestRun(first), await latestRun(second)];
  await base.selectOption(baseRun);
  await head.selectOption(headRun);
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/compare\\?base=${baseRun}&head=${headRun}`));
  await expect(page.getByRole("heading", { name: /^Unchanged issues \([1-9]\d*\)$/ })).toBeVisible();
  for (const picker of [page.getByLabel("Earlier scan (base)"), page.getByLabel("Later scan (head)")]) expect((await picker.boundingBox())!.width).toBeGreaterThan(240);
  expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page);
});

test("titles name the record, a missing record's page says Not found, and the audit log names people and records", async ({ pageAs, adminPage }) => {
  const { page, user } = await pageAs("TESTER");
  const projectName = `Titled ${uniqueSuffix()}`;
  const projectId = await createProject(page, projectName);
  const sessionId = await createSession(page, projectId, "Named session", ["/clean"]);
  await page.goto(`/sessions/${sessionId}`);
  await expect(page).toHaveTitle(`Named session · ${projectName} · Clearsight`);
  await page.goto(`/projects/${crypto.randomUUID()}`);
  await expect(page).toHaveTitle("Not found · Clearsight");
  await page.goto(`/sessions/${crypto.randomUUID()}/results`);
  await expect(page).toHaveTitle("Not found · Clearsight");
  await expectNoAxeViolations(page);

  await adminPage.goto(`/admin/audit?actor=${user.id}`);
  const row = adminPage.getByRole("row", { name: /Created project/ });
  await expect(row.getByRole("link", { name: projectName })).toHaveAttribute("href", `/projects/${projectId}`);
  await expect(row.getByRole("link", { name: user.name })).toHaveAttribute("href", `/admin/users/${user.id}`);
  await expect(adminPage.getByRole("row", { name: /Created session/ }).getByRole("link", { name: `Named session (${projectName})` })).toBeVisible();
  await expectNoAxeViolations(adminPage);
});

test("error summaries list each problem once, in the order of the form's fields", async ({ adminPage: page }) => {
  await page.goto("/projects/new");
  await page.getByRole("button", { name: /Create project/ }).click();
  const summary = page.getByRole("alert").filter({ hasText: "Primary URL" });
  await expect(summary.getByRole("link", { name: /^Primary URL:/ })).toHaveText("Primary URL: Enter the site's address as an absolute URL starting with http:// or https://.");
  await expectOrderedLikeForm(page);

  await page.goto("/admin/auth-configs/new");
  await page.getByRole("button", { name: /Create|Save/ }).click();
  await expect(page.getByRole("alert").getByRole("link").first()).toBeVisible();
  await expectOrderedLikeForm(page);
  await expectNoAxeViolations(page);
});

/** The summary's links, in order, point at fields that appear in the same order in the form. */
async function expectOrderedLikeForm(page: Page): Promise<void> {
  const order = await page.evaluate(() => {
    const links = [...document.querySelectorAll<HTMLAnchorElement>('[role="alert"] a[href^="#field-"]')];
    const fields = links.map((link) => document.getElementById(decodeURIComponent(link.hash.slice(1))));
    return fields.map((field, index) => (index === 0 || !field || !fields[index - 1] ? 0 : fields[index - 1]!.compareDocumentPosition(field) & Node.DOCUMENT_POSITION_FOLLOWING ? 1 : -1));
  });
  expect(order.length).toBeGreaterThan(1);
  expect(order).not.toContain(-1);
}
