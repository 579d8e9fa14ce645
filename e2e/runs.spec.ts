/**
 * Runs: a tester scans one session twice (the site fixed in between), sees the trend with two
 * points and its table, opens the earlier run, and compares the two. Deleting: a run and a
 * session go only through a confirmation that names what will be removed; a running run is
 * refused (409) with the reason in the dialog. The app's own worker (started by `npm start`) scans.
 */
import type { Page } from "@playwright/test";
import { startFixtureSite, type FixtureSite } from "@/tests/support/fixture-site";
import { expect, expectNoAxeViolations, test, uniqueSuffix } from "./support/fixtures";

let site: FixtureSite;

test.beforeAll(async () => {
  site = await startFixtureSite({ generatedPages: 40 });
});

test.afterAll(async () => {
  await site.close();
});

async function post(page: Page, url: string, data?: unknown): Promise<{ id: string; runId?: string }> {
  const response = await page.request.post(url, data === undefined ? {} : { data });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return (await response.json()) as { id: string; runId?: string };
}

async function runStatus(page: Page, runId: string): Promise<string> {
  return ((await (await page.request.get(`/api/v1/runs/${runId}`)).json()) as { status: string }).status;
}

async function scanAndWait(page: Page, sessionId: string): Promise<string> {
  const { runId } = await post(page, `/api/v1/sessions/${sessionId}/scan`);
  await expect.poll(() => runStatus(page, runId!), { timeout: 120_000 }).toBe("completed");
  return runId!;
}

test("a tester scans twice, sees the trend with two points and its table, opens the earlier run and compares the two", async ({ pageAs }) => {
  test.setTimeout(240_000);
  const { page } = await pageAs("TESTER");
  const project = await post(page, "/api/v1/projects", { name: `Runs ${uniqueSuffix()}`, primaryUrl: site.url("/") });
  const session = await post(page, `/api/v1/projects/${project.id}/sessions`, { name: "Home check", approach: "automated", scope: { urls: [site.url("/changing"), site.url("/missing-alt")] } });
  site.setFixed(false);
  const first = await scanAndWait(page, session.id);
  site.setFixed(true);
  const second = await scanAndWait(page, session.id);

  await page.goto(`/projects/${project.id}`);
  const impact = page.getByRole("region", { name: "Open violations by impact" });
  await expect(impact.getByRole("img", { name: "Open violations by impact" })).toHaveAttribute("data-points", "2");
  const table = impact.getByRole("region", { name: "Open violations by impact: the numbers" });
  // A header row and one row per run.
  await expect(table.getByRole("row")).toHaveCount(3);

  // The earlier run, from the session's list of runs.
  await page.goto(`/sessions/${session.id}`);
  await page.getByRole("link", { name: "Run 1", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${session.id}/results\\?run=${first}`));
  await expect(page.getByText("You are looking at run 1, an earlier run of this session.")).toBeVisible();
  await expect(page.getByLabel("Run shown")).toHaveValue(first);
  await expectNoAxeViolations(page);

  // Compare the two runs from the project page.
  await page.goto(`/projects/${project.id}`);
  await page.getByLabel("Earlier scan (base)").selectOption(first);
  await page.getByLabel("Later scan (head)").selectOption(second);
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${project.id}/compare\\?base=${first}&head=${second}`));
  await expect(page.getByRole("heading", { name: "Home check, run 1 → Home check, run 2" })).toBeVisible();
  // The fix on /changing gave its image a text alternative: at least that issue is fixed.
  await expect(page.getByRole("heading", { name: /^Fixed issues \([1-9]\d*\)$/ })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("deleting a run or a session asks first, names what goes, and a running run is refused with the reason", async ({ pageAs }) => {
  test.setTimeout(240_000);
  const { page } = await pageAs("TESTER");
  const project = await post(page, "/api/v1/projects", { name: `Deleting ${uniqueSuffix()}`, primaryUrl: site.url("/") });
  const slow = await post(page, `/api/v1/projects/${project.id}/sessions`, {
    name: "Forty pages",
    approach: "automated",
    scope: { urls: Array.from({ length: 40 }, (_, index) => site.url(`/gen/${index}`)) },
  });
  const { runId } = await post(page, `/api/v1/sessions/${slow.id}/scan`);

  // While the run is queued or running, deleting it is refused and the dialog says why.
  await page.goto(`/sessions/${slow.id}`);
  const runs = page.getByRole("region", { name: /^Runs of this session/ });
  await runs.getByRole("button", { name: "Delete run 1" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete run 1 of Forty pages?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/This removes run 1 with its \d+ pages?, \d+ findings? and \d+ screenshots?\. It cannot be undone\./);
  await expectNoAxeViolations(page);
  expect(await runStatus(page, runId!)).toMatch(/^(queued|running)$/);
  await dialog.getByRole("button", { name: "Delete run 1" }).click();
  await expect(dialog.getByRole("alert")).toContainText(/Run 1 is (queued|running); cancel it before deleting it\./);
  await expect(dialog.getByRole("alert")).toContainText("Nothing was deleted.");
  // Escape closes the dialog; the run is still there.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect((await page.request.get(`/api/v1/runs/${runId}`)).status()).toBe(200);

  // Cancelled, it can go: the confirmation names its counts, then the row is gone.
  await post(page, `/api/v1/sessions/${slow.id}/cancel`);
  await expect.poll(() => runStatus(page, runId!), { timeout: 60_000 }).toBe("cancelled");
  await page.reload();
  const trigger = runs.getByRole("button", { name: "Delete run 1" });
  await trigger.focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Delete run 1" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Run 1 deleted" })).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("No scan has run yet.")).toBeVisible();
  expect((await page.request.get(`/api/v1/runs/${runId}`)).status()).toBe(404);

  // A whole session: its dialog counts runs, pages, findings and screenshots; confirmed, the
  // session is gone and the project page is shown.
  const small = await post(page, `/api/v1/projects/${project.id}/sessions`, { name: "Two pages", approach: "automated", scope: { urls: [site.url("/missing-alt"), site.url("/contrast")] } });
  await scanAndWait(page, small.id);
  await page.goto(`/sessions/${small.id}`);
  await page.getByRole("button", { name: "Delete this session…" }).click();
  const sessionDialog = page.getByRole("dialog", { name: "Delete the session Two pages?" });
  await expect(sessionDialog).toContainText(/This removes the session with its 1 run, 2 pages, [1-9]\d* findings? and \d+ screenshots?\./);
  await expectNoAxeViolations(page);
  await sessionDialog.getByRole("button", { name: "Delete session" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${project.id}$`));
  expect((await page.request.get(`/api/v1/sessions/${small.id}`)).status()).toBe(404);
  await page.setViewportSize({ width: 320, height: 800 });
  await page.goto(`/sessions/${slow.id}`);
  await page.getByRole("button", { name: "Delete this session…" }).click();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
});
