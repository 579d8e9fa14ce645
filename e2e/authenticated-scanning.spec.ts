/**
 * Scanning behind a login: an admin creates a login-form auth config in the UI, presses Test
 * login and sees every step pass with the landing screenshot, creates a session that signs in
 * with it, scans, and sees findings only the signed-in pages have. The step editor works from
 * the keyboard, and the pages pass axe-core at full width and at 320 px.
 */
import type { Page } from "@playwright/test";
import { AUTH_FIXTURE, startAuthFixtureSite, type AuthFixtureSite } from "@/tests/support/auth-fixture-site";
import { expect, expectNoAxeViolations, test, uniqueSuffix } from "./support/fixtures";

let site: AuthFixtureSite;

test.beforeAll(async () => {
  site = await startAuthFixtureSite();
});

test.afterAll(async () => {
  await site.close();
});

/** axe-core at full width and at 320 px, where nothing may scroll sideways but tables in their own region. */
async function expectAccessibleAtBothWidths(page: Page) {
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 320, height: 720 });
  await expectNoAxeViolations(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.setViewportSize({ width: 1280, height: 720 });
}

test("an admin sets up a login form, tests it, and scans signed in", async ({ adminPage: page }) => {
  test.setTimeout(180_000);
  const name = `Fixture login ${uniqueSuffix()}`;

  await page.goto("/admin/auth-configs/new");
  await expectAccessibleAtBothWidths(page);
  await page.locator("#field-name").fill(name);
  await page.locator("#field-type").selectOption("form");
  await page.locator("#field-domain").fill("127.0.0.1");
  await page.getByLabel("Login page").fill(site.url("/form/login"));
  await page.getByLabel("Username", { exact: true }).fill(AUTH_FIXTURE.username);
  await page.getByLabel("Secret", { exact: true }).fill(AUTH_FIXTURE.password);
  await page.getByLabel("Username field selector").fill("#email");
  await page.getByLabel("Password field selector").fill("#password");
  await page.getByLabel("Submit button selector").fill("#sign-in");
  await page.getByLabel("Success check", { exact: true }).selectOption("text_present");
  await page.getByLabel("Success check value").fill("Welcome back");
  await page.getByRole("button", { name: "Create auth config" }).click();
  // Saving redirects to the config's page (slow on a loaded machine).
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible({ timeout: 30_000 });
  const configUrl = page.url();

  // Test login: each step passes, with its time, and the landing page is shown.
  const outcome = page.locator("#test-login-outcome");
  await page.getByRole("button", { name: "Test login" }).click();
  await expect(outcome.getByText("Sign-in worked.")).toBeVisible({ timeout: 60_000 });
  const steps = page.getByRole("region", { name: "Test login steps" }).getByRole("row");
  await expect(steps).toHaveCount(6); // the header and five steps
  await expect(steps.filter({ hasText: "Failed" })).toHaveCount(0);
  await expect(steps.filter({ hasText: 'success check: text "Welcome back" present' })).toContainText("OK");
  const landing = page.getByRole("img", { name: /The page the sign-in landed on/ });
  await expect(landing).toBeVisible();
  // The image really loads (a broken image is visible too).
  await expect.poll(() => landing.evaluate((image: HTMLImageElement) => (image.complete ? image.naturalWidth : 0))).toBeGreaterThan(0);
  await expect(page.getByText(site.url("/form/home"))).toBeVisible();
  await page.goto(configUrl);
  // After a reload the latest result is still there, and the config is active.
  await expect(outcome.getByText("Sign-in worked.")).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^active$/ })).toBeVisible();
  await expectAccessibleAtBothWidths(page);

  // A project on the fixture site and a session that signs in with the new config.
  const project = await page.request.post("/api/v1/projects", { data: { name: `Members area ${uniqueSuffix()}`, primaryUrl: site.origin } });
  expect(project.status(), await project.text()).toBe(201);
  const projectId = ((await project.json()) as { id: string }).id;
  await page.goto(`/projects/${projectId}/sessions/new`);
  await page.getByLabel("Session name").fill("Signed-in pages");
  await page.getByLabel("Pages to test").fill([site.url("/form/private"), site.url("/form/other")].join("\n"));
  await page.getByLabel("Auth config").selectOption({ label: name });
  await expectAccessibleAtBothWidths(page);
  await page.getByRole("button", { name: "Create session" }).click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const sessionId = page.url().split("/").at(-1)!;
  await expect(page.getByRole("definition").filter({ hasText: name })).toBeVisible();

  await page.getByRole("button", { name: "Start scan" }).click();
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100", { timeout: 120_000 });
  await expect(page.getByRole("heading", { name: "Scan progress: Completed" })).toBeVisible();

  // Signed-in results: the chart image without alt text exists only on the members' page.
  await page.goto(`/sessions/${sessionId}/results?groupBy=rule`);
  await expect(page.getByText("2 scanned signed in")).toBeVisible();
  await expect(page.getByRole("heading", { name: /image-alt/ }).first()).toBeVisible();
  await expectNoAxeViolations(page);
  const results = (await (await page.request.get(`/api/v1/sessions/${sessionId}/results?groupBy=page`)).json()) as {
    summary: { pages: { authenticated: number } };
    groups: Array<{ url: string; authenticated: boolean }>;
  };
  expect(results.summary.pages.authenticated).toBe(2);
  expect(results.groups.map((group) => [new URL(group.url).pathname, group.authenticated]).sort()).toEqual([
    ["/form/other", true],
    ["/form/private", true],
  ]);
  const violations = (await (await page.request.get(`/api/v1/sessions/${sessionId}/violations?rule=image-alt`)).json()) as { violations: Array<{ selector: string }> };
  expect(violations.violations.map((violation) => violation.selector)).toEqual(["#form-secret-chart"]);
});

test("the step editor adds, reorders and removes steps from the keyboard", async ({ adminPage: page }) => {
  await page.goto("/admin/auth-configs/new");
  await page.locator("#field-type").selectOption("custom");
  await expect(page.getByRole("group", { name: "Step 1" })).toBeVisible();
  await expect(page.getByLabel("TOTP secret")).toHaveAttribute("type", "password");

  await page.getByRole("button", { name: "Add a step" }).focus();
  await page.keyboard.press("Enter");
  // The new step's first field has the focus; choose its action from the keyboard.
  await expect(page.locator("#field-step-1-action")).toBeFocused();
  await page.locator("#field-step-1-action").selectOption("fill");
  await page.getByRole("group", { name: "Step 2" }).getByLabel("Type into it").selectOption("totp");

  await page.getByRole("button", { name: "Move up step 2" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("group", { name: "Step 1" }).getByLabel("Action")).toHaveValue("fill");
  await expect(page.getByRole("group", { name: "Step 1" }).getByLabel("Type into it")).toHaveValue("totp");
  await expect(page.getByRole("status").filter({ hasText: "Step 2 is now step 1." })).toBeAttached();

  await page.getByRole("button", { name: "Remove step 1" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("group", { name: /^Step \d$/ })).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Add a step" })).toBeFocused();
  await expectAccessibleAtBothWidths(page);

  // A problem in a step is reported on the editor, naming the step.
  await page.locator("#field-name").fill(`Steps ${uniqueSuffix()}`);
  await page.locator("#field-domain").fill("127.0.0.1");
  await page.getByRole("button", { name: "Create auth config" }).click();
  await expect(page.getByText(/Step 1: A goto step needs an absolute http\(s\) URL\./).first()).toBeVisible();
  await expectNoAxeViolations(page);
});
