/**
 * Retention and the admin views: an admin sets the instance default on /admin/storage (a bad
 * value is named), sees the size table, sets a project's own retention on its page, and reads
 * the queue page. Each page passes axe-core and fits 320 px.
 */
import type { Page } from "@playwright/test";
import { expect, expectNoAxeViolations, test, uniqueSuffix } from "./support/fixtures";

async function fits320(page: Page): Promise<void> {
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("an admin sets default and project retention, and reads storage and the queue", async ({ adminPage: page }) => {
  await page.goto("/admin/storage");
  await expect(page.getByRole("heading", { name: "Storage and retention", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: /^Projects, largest first/ })).toBeVisible();
  await page.getByLabel("Runs kept per session").fill("0");
  await page.getByRole("button", { name: "Save default retention" }).click();
  await expect(page.getByText("keepRuns is at least 1.").first()).toBeVisible();
  await page.getByLabel("Runs kept per session").fill("");
  await page.getByLabel("Keep screenshots for (days)").fill("400");
  await page.getByRole("button", { name: "Save default retention" }).click();
  await expect(page.getByRole("status")).toContainText("Default retention saved.");
  await expect(page.getByText(/screenshots go after 400 days/)).toBeVisible();
  await expectNoAxeViolations(page);
  await fits320(page);

  const response = await page.request.post("/api/v1/projects", { data: { name: `Kept ${uniqueSuffix()}`, primaryUrl: "https://kept.example.org/" } });
  const project = (await response.json()) as { id: string };
  await page.goto(`/projects/${project.id}`);
  const retention = page.getByRole("region", { name: "Retention" });
  await expect(retention.getByText("Empty: the instance default (400 days).")).toBeVisible();
  await retention.getByLabel("Runs kept per session").fill("5");
  await retention.getByRole("button", { name: "Save retention" }).click();
  await expect(retention.getByRole("status")).toContainText("Retention saved.");
  await expect(retention.getByText(/Keeps each session's newest 5 runs/)).toBeVisible();
  expect(((await (await page.request.get(`/api/v1/projects/${project.id}/retention`)).json()) as { effective: unknown }).effective).toEqual({ keepRuns: 5, keepDays: null, screenshotDays: 400 });
  await expectNoAxeViolations(page);

  await page.goto("/admin/queue");
  await expect(page.getByRole("heading", { name: "Scan queue", level: 1 })).toBeVisible();
  // The app's own worker (started by npm start) writes its heartbeat.
  await expect(page.getByRole("region", { name: /^Workers seen in the last day/ }).getByRole("cell", { name: "Alive" }).first()).toBeVisible();
  await expectNoAxeViolations(page);
  await fits320(page);
  const health = (await (await page.request.get("/api/health")).json()) as { queue: { pending: number; running: number; liveWorkers: unknown[] } };
  expect(health.queue.liveWorkers.length).toBeGreaterThan(0);

  // Leave the instance default as found for the other tests.
  expect((await page.request.patch("/api/v1/retention", { data: { screenshotDays: null } })).status()).toBe(200);
});
