/**
 * A tester scans a small local site from the session page, watches the scan finish without
 * reloading, reads, filters and triages the results, scans again after a fix and compares the
 * two scans; and cancels a scan that is still running. Every page on the way passes axe-core.
 * The app's own worker (started by `npm start`) does the scanning.
 */
import type { Page } from "@playwright/test";
import { startFixtureSite, type FixtureSite } from "@/tests/support/fixture-site";
import { expect, expectNoAxeViolations, test, uniqueSuffix } from "./support/fixtures";

let site: FixtureSite;

test.beforeAll(async () => {
  site = await startFixtureSite();
});

test.afterAll(async () => {
  await site.close();
});

async function createProject(page: Page): Promise<string> {
  const response = await page.request.post("/api/v1/projects", { data: { name: `Scan journey ${uniqueSuffix()}`, primaryUrl: site.url("/") } });
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

/** Starts the scan with the session page's button and waits for the live progress to say it finished. */
async function scanFromSessionPage(page: Page, sessionId: string, buttonName: string): Promise<void> {
  await page.goto(`/sessions/${sessionId}`);
  await page.getByRole("button", { name: buttonName }).click();
  // No reload: the progress section polls and updates itself.
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100", { timeout: 120_000 });
  await expect(page.getByRole("heading", { name: "Scan progress: Completed" })).toBeVisible();
}

test("a tester scans, watches the scan finish, filters and triages the results, and compares a second scan", async ({ pageAs }) => {
  test.setTimeout(240_000);
  const { page } = await pageAs("TESTER");
  const projectId = await createProject(page);
  const paths = ["/clean", "/missing-alt", "/contrast", "/changing"];
  const first = await createSession(page, projectId, "First pass", paths);

  await page.goto(`/sessions/${first}`);
  await expectNoAxeViolations(page);
  await scanFromSessionPage(page, first, "Start scan");
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuetext", "100%, 4 of 4 pages");
  // The live progress says what happened; no stale "Scan queued." message is left behind.
  await expect(page.getByText("Scan queued.")).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Summary by impact, principle and criterion; the findings grouped by rule.
  await page.goto(`/sessions/${first}/results`);
  await expect(page.getByRole("table", { name: "Findings by WCAG success criterion" }).getByRole("rowheader", { name: /1\.1\.1 Non-text Content/ })).toBeVisible();
  await expect(page.getByRole("img", { name: "Findings by impact" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Findings by WCAG principle, as a table" }).getByRole("row", { name: /1\. Perceivable/ })).toBeVisible();
  await expectNoAxeViolations(page);

  // Filtering by impact through the form: serious leaves the contrast problem, not the images.
  await page.getByText("Filter and group findings").click();
  await page.getByLabel("Group by").selectOption("rule");
  await page.getByLabel("Impact", { exact: true }).selectOption("serious");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/impact=serious/);
  const findings = page.getByRole("region", { name: /rule group/ });
  await expect(findings.getByRole("heading", { name: /color-contrast/ })).toBeVisible();
  await expect(findings.getByRole("heading", { name: /image-alt/ })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Bulk triage: every image-alt issue (three images on two pages) is won't fix.
  await page.goto(`/sessions/${first}/results?groupBy=rule&kind=violation`);
  await page.getByRole("checkbox", { name: /^Select image-alt/ }).check();
  await page.getByLabel("New status").selectOption("wont_fix");
  await page.getByLabel(/^Reason/).fill("Images are replaced next release");
  await page.getByRole("button", { name: "Apply to selected" }).click();
  await expect(page.getByText("Marked 3 findings as won't fix.")).toBeVisible();
  await page.goto(`/sessions/${first}/results?groupBy=rule&status=any`);
  const imageAltRow = page.getByRole("region", { name: /rule group/ }).getByRole("listitem").filter({ has: page.getByRole("heading", { name: /image-alt/ }) });
  await expect(imageAltRow).toContainText("3 won't fix");
  await expectNoAxeViolations(page);

  // Element detail: selector, snippet, screenshot and the rule's help link.
  await page.goto(`/sessions/${first}/results?groupBy=rule&status=any&showRule=image-alt&showKind=violation`);
  await expect(page.getByRole("heading", { name: "Details: 3 findings" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Screenshot of .* outlined/ }).first()).toBeVisible();
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 320, height: 720 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 720 });

  const csv = await page.request.get(`/api/v1/sessions/${first}/export?format=csv`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("image-alt");

  // The chart gets its alternative text; a second scan finds it fixed and keeps the triage.
  site.setFixed(true);
  const duplicated = await page.request.post(`/api/v1/sessions/${first}/duplicate`, { data: { name: "Second pass" } });
  expect(duplicated.status(), await duplicated.text()).toBe(201);
  const second = ((await duplicated.json()) as { id: string }).id;
  await scanFromSessionPage(page, second, "Start scan");
  await page.goto(`/sessions/${second}/results?groupBy=rule&status=any`);
  await expect(page.getByRole("region", { name: /rule group/ }).getByRole("listitem").filter({ has: page.getByRole("heading", { name: /image-alt/ }) })).toContainText("2 won't fix");

  await page.goto(`/projects/${projectId}/compare?base=${first}&head=${second}`);
  await expect(page.getByRole("heading", { name: "Fixed issues (1)" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Fixed issues" })).toContainText("#chart");
  await expect(page.getByRole("heading", { name: "New issues (0)" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Unchanged issues \([1-9]\d*\)$/ })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("a tester cancels a scan that is still running, keeping what was scanned", async ({ pageAs }) => {
  test.setTimeout(120_000);
  const { page } = await pageAs("TESTER");
  const projectId = await createProject(page);
  // The slow page never finishes loading, so the scan runs until it is cancelled.
  const sessionId = await createSession(page, projectId, "Long scan", ["/clean", "/slow"], { pageTimeoutMs: 60_000 });
  await page.goto(`/sessions/${sessionId}`);
  await page.getByRole("button", { name: "Start scan" }).click();
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuetext", /1 of 2 pages/, { timeout: 60_000 });
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Cancel scan" }).click();
  await expect(page.getByRole("heading", { name: "Scan progress: Cancelled" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuetext", "100%, 1 of 1 pages");
  await expect(page.getByRole("button", { name: "Scan again" })).toBeVisible();
  await expectNoAxeViolations(page);
});
