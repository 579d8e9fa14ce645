/**
 * Monitoring a project: after two scans the project page shows the trend chart with two points
 * and the same numbers in a table, and the series download as CSV; a tester schedules weekly
 * scans with the friendly form; an admin adds a webhook, which is shown by host only. Every
 * page on the way passes axe-core. The app's own worker (started by `npm start`) scans.
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

async function post(page: Page, url: string, data?: unknown): Promise<{ id: string }> {
  const response = await page.request.post(url, data === undefined ? {} : { data });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return (await response.json()) as { id: string };
}

async function scanAndWait(page: Page, sessionId: string): Promise<void> {
  await post(page, `/api/v1/sessions/${sessionId}/scan`);
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/sessions/${sessionId}/progress`)).json()) as { status: string }).status, { timeout: 120_000 })
    .toBe("completed");
}

test("after two scans the project page shows the trend chart with two points and its table", async ({ pageAs }) => {
  test.setTimeout(240_000);
  const { page } = await pageAs("TESTER");
  const project = await post(page, "/api/v1/projects", { name: `Trend ${uniqueSuffix()}`, primaryUrl: site.url("/") });
  const session = await post(page, `/api/v1/projects/${project.id}/sessions`, {
    name: "Weekly check",
    approach: "automated",
    scope: { urls: [site.url("/missing-alt"), site.url("/contrast")] },
  });
  const second = await post(page, `/api/v1/projects/${project.id}/sessions`, { name: "Second look", approach: "automated", scope: { urls: [site.url("/missing-alt")] } });
  await scanAndWait(page, session.id);
  await scanAndWait(page, second.id);

  await page.goto(`/projects/${project.id}`);
  const impact = page.getByRole("region", { name: "Open violations by impact" });
  const chart = impact.getByRole("img", { name: "Open violations by impact" });
  await expect(chart).toHaveAttribute("data-points", "2");
  // Two markers on the "All open" line, one per scan.
  await expect(chart.locator('[data-series="total"] [data-point]')).toHaveCount(2);
  const table = impact.getByRole("region", { name: "Open violations by impact: the numbers" });
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table.getByRole("rowheader").first()).toContainText("Weekly check");

  const trends = (await (await page.request.get(`/api/v1/projects/${project.id}/trends`)).json()) as { points: Array<{ open: { total: number } }> };
  expect(trends.points).toHaveLength(2);
  const totals = await table.getByRole("row").evaluateAll((rows) => rows.slice(1).map((row) => Number(row.querySelectorAll("td")[4]?.textContent)));
  expect(totals).toEqual(trends.points.map((point) => point.open.total));

  const csv = await page.request.get(`/api/v1/projects/${project.id}/trends?format=csv`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines).toHaveLength(3);
  expect(lines[0]).toContain("open_total");
  await expect(page.getByRole("link", { name: "Download the series as CSV" })).toHaveAttribute("href", `/api/v1/projects/${project.id}/trends?format=csv`);

  // A weekly schedule through the friendly form.
  const schedules = page.getByRole("region", { name: "Scheduled scans" });
  await schedules.getByLabel(/^Session/).selectOption({ label: "Weekly check" });
  await schedules.getByLabel("Repeat").selectOption("weekly");
  await schedules.getByLabel("Day", { exact: true }).selectOption({ label: "Monday" });
  await schedules.getByLabel("Time", { exact: true }).fill("06:00");
  await schedules.getByLabel("Time zone").fill("Europe/Berlin");
  await schedules.getByRole("button", { name: "Add schedule" }).click();
  await expect(page.getByRole("status")).toContainText("Schedule added.");
  await expect(schedules.getByRole("cell", { name: /^Weekly on Monday at 06:00/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
});

test("an admin adds a webhook; the page shows its host, never its URL or secret", async ({ pageAs }) => {
  const { page } = await pageAs("ADMIN");
  const project = await post(page, "/api/v1/projects", { name: `Hooks ${uniqueSuffix()}`, primaryUrl: site.url("/") });
  await page.goto(`/projects/${project.id}`);
  await page.getByText("Add a webhook").click();
  await page.getByLabel("Webhook URL").fill("https://hooks.example.test/services/T000/secret-path-token");
  await page.getByLabel("Signing secret").fill("webhook-signing-secret-1234");
  await page.getByRole("checkbox", { name: /threshold\.crossed/ }).check();
  await page.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByText("Set a threshold").first()).toBeVisible();
  // Write-only: neither field is filled in again after the error.
  await expect(page.getByLabel("Webhook URL")).toHaveValue("");
  await page.getByLabel("Webhook URL").fill("https://hooks.example.test/services/T000/secret-path-token");
  await page.getByLabel("Signing secret").fill("webhook-signing-secret-1234");
  await page.locator("#webhook-threshold").fill("10");
  await page.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByRole("status")).toContainText("Webhook added.");
  const hooks = page.getByRole("region", { name: "Webhooks" });
  await expect(hooks.getByRole("rowheader", { name: "https://hooks.example.test" })).toBeVisible();
  const html = await page.content();
  expect(html).not.toContain("secret-path-token");
  expect(html).not.toContain("webhook-signing-secret-1234");
  await expectNoAxeViolations(page);
});
