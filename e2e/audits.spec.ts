/**
 * A tester walks a manual audit with the keyboard only: from the session page to the criteria,
 * three criteria in a row (outcome, remarks, save, next), then downloads the HTML report, which
 * passes axe-core like every page on the way.
 */
import AxeBuilder from "@axe-core/playwright";
import { readFile } from "node:fs/promises";
import type { Locator, Page } from "@playwright/test";
import { expect, expectNoAxeViolations, test, uniqueSuffix } from "./support/fixtures";

/** Presses Tab until `target` has focus: how a keyboard user gets anywhere. */
async function tabTo(page: Page, target: Locator, limit = 250): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** Tabs into the outcome radio group (onto its checked radio, "Untested" at first) and moves with the arrow keys. */
async function chooseOutcome(page: Page, label: string): Promise<void> {
  await tabTo(page, page.getByRole("radio", { checked: true }));
  const wanted = page.getByRole("radio", { name: label, exact: true });
  for (let presses = 0; presses < 6 && !(await wanted.isChecked()); presses++) await page.keyboard.press("ArrowDown");
  await expect(wanted).toBeChecked();
  await expect(wanted).toBeFocused();
}

async function recordOutcome(page: Page, criterion: string, outcome: string, notes: string): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(new RegExp(`^${criterion.replaceAll(".", "\\.")} `));
  await chooseOutcome(page, outcome);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Remarks")).toBeFocused();
  await page.keyboard.type(notes);
  await tabTo(page, page.getByRole("button", { name: "Save outcome" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: `Saved: ${criterion} ${outcome}.` })).toBeVisible();
  await expect(page.getByText(`Current: ${outcome}`)).toBeVisible();
}

test("a tester walks three criteria of a manual audit with the keyboard and downloads an accessible HTML report", async ({ pageAs }) => {
  test.setTimeout(300_000);
  const { page } = await pageAs("TESTER");
  const site = `https://audit-${uniqueSuffix()}.example.org/`;
  const project = await page.request.post("/api/v1/projects", { data: { name: `Audit journey ${uniqueSuffix()}`, primaryUrl: site } });
  expect(project.status(), await project.text()).toBe(201);
  const projectId = ((await project.json()) as { id: string }).id;
  const session = await page.request.post(`/api/v1/projects/${projectId}/sessions`, {
    data: { name: "Manual audit", approach: "manual", wcagVersion: "2.2", wcagLevel: "AA", scope: { urls: [site, `${site}contact`] } },
  });
  expect(session.status(), await session.text()).toBe(201);
  const sessionId = ((await session.json()) as { id: string }).id;

  await page.goto(`/sessions/${sessionId}`);
  await expectNoAxeViolations(page);
  await expect(page.getByText("0 of 55 success criteria decided.")).toBeVisible();
  await tabTo(page, page.getByRole("link", { name: "Record outcomes per criterion" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/sessions/${sessionId}/criteria$`));
  await expect(page.getByRole("region", { name: "Perceivable criteria" }).getByRole("row", { name: /1\.1\.1 Non-text Content/ })).toContainText("Manual check needed");
  await expectNoAxeViolations(page);

  await tabTo(page, page.getByRole("link", { name: "1.1.1 Non-text Content" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/criteria/1\\.1\\.1$`));
  await expectNoAxeViolations(page);
  await recordOutcome(page, "1.1.1", "Failed", "The logo image has no text alternative.");
  await expectNoAxeViolations(page);

  await tabTo(page, page.getByRole("link", { name: "Next criterion: 1.2.1" }));
  await page.keyboard.press("Enter");
  await recordOutcome(page, "1.2.1", "Not applicable", "The site has no audio or video.");

  await tabTo(page, page.getByRole("link", { name: "Next criterion: 1.2.2" }));
  await page.keyboard.press("Enter");
  await recordOutcome(page, "1.2.2", "Passed", "No prerecorded video.");

  // The same page at 320 px: nothing wider than the screen.
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.setViewportSize({ width: 1280, height: 800 });

  await tabTo(page, page.getByRole("link", { name: /^All criteria of/ }));
  await page.keyboard.press("Enter");
  await expect(page.getByText(/3 of 55\s+criteria decided/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Perceivable criteria" }).getByRole("row", { name: /1\.1\.1 Non-text Content/ })).toContainText("Failed");
  await tabTo(page, page.getByRole("link", { name: "Back to the session" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText("3 of 55 success criteria decided.")).toBeVisible();

  await tabTo(page, page.getByRole("link", { name: "HTML report" }));
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  const html = await readFile((await download.path())!, "utf8");
  expect(html).toContain("The logo image has no text alternative.");
  expect(html).toContain("Does not conform");

  // The catalogue and a criterion's test requirements pass axe-core too.
  await page.goto("/wcag");
  await expect(page.getByRole("region", { name: "Guideline 1.1 Text Alternatives" })).toContainText("1.1.1 Non-text Content");
  await expectNoAxeViolations(page);
  await page.goto("/wcag/1.1.1");
  await expect(page.getByRole("heading", { name: "H37: Using alt attributes on img elements" })).toBeVisible();
  await expectNoAxeViolations(page);

  const report = await page.context().newPage();
  await report.setContent(html);
  await expect(report.getByRole("heading", { level: 1 })).toHaveText("Accessibility conformance report: Manual audit");
  await expect(report.getByRole("table", { name: "Success criteria, outcome and remarks" }).getByRole("row", { name: /1\.2\.1/ })).toContainText("Not applicable");
  const results = await new AxeBuilder({ page: report }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
  await report.setViewportSize({ width: 320, height: 800 });
  expect(await report.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
});
