/**
 * A tester scans a small local site from the session page and reads the results; every page on
 * the way passes axe-core. The app's own worker (started by `npm start`) does the scanning.
 */
import { startFixtureSite, type FixtureSite } from "@/tests/support/fixture-site";
import { expect, expectNoAxeViolations, test, uniqueSuffix } from "./support/fixtures";

let site: FixtureSite;

test.beforeAll(async () => {
  site = await startFixtureSite();
});

test.afterAll(async () => {
  await site.close();
});

test("a tester scans a session, watches it finish, reads the results and compares two scans", async ({ pageAs }) => {
  test.setTimeout(180_000);
  const { page } = await pageAs("TESTER");
  const projectResponse = await page.request.post("/api/v1/projects", { data: { name: `Scan journey ${uniqueSuffix()}`, primaryUrl: site.url("/") } });
  expect(projectResponse.status(), await projectResponse.text()).toBe(201);
  const project = (await projectResponse.json()) as { id: string };
  const sessionResponse = await page.request.post(`/api/v1/projects/${project.id}/sessions`, {
    data: { name: "First pass", approach: "automated", wcagVersion: "2.2", wcagLevel: "AA", scope: { urls: [site.url("/clean"), site.url("/missing-alt"), site.url("/contrast")] } },
  });
  expect(sessionResponse.status(), await sessionResponse.text()).toBe(201);
  const session = (await sessionResponse.json()) as { id: string };

  await page.goto(`/sessions/${session.id}`);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Start scan" }).click();
  await expect.poll(async () => ((await (await page.request.get(`/api/v1/sessions/${session.id}/progress`)).json()) as { status: string }).status, { timeout: 120_000 }).toBe("completed");
  await page.reload();
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
  await expectNoAxeViolations(page);

  await page.goto(`/sessions/${session.id}/results`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("image-alt");
  await expect(page.getByRole("main")).toContainText("1.1.1");
  await expectNoAxeViolations(page);

  await page.goto(`/sessions/${session.id}/results?groupBy=page`);
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 320, height: 720 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/sessions/${session.id}/results?rule=image-alt&detail=1`);
  await expect(page.getByRole("heading", { name: /detail/i }).first()).toBeVisible();
  await expectNoAxeViolations(page);

  const csv = await page.request.get(`/api/v1/sessions/${session.id}/export?format=csv`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("image-alt");

  const second = await page.request.post(`/api/v1/sessions/${session.id}/duplicate`, { data: { name: "Second pass" } });
  expect(second.status(), await second.text()).toBe(201);
  await page.goto(`/projects/${project.id}/compare`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);
});
