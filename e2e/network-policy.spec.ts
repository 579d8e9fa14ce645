/**
 * The scan network policy's admin page (issue 21, finding 1): admins see what is always refused,
 * edit their allowed and blocked ranges and host names (a bad rule is named), and see the
 * server's SCAN_NETWORK_POLICY; others may not open it. axe-clean at 1280 and 320 px.
 */
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

test("an admin edits the scan network rules; a bad rule is named; others may not open the page", async ({ adminPage, pageAs }) => {
  const response = await adminPage.goto("/admin/network");
  expect(response?.status()).toBe(200);
  await expect(adminPage.getByRole("heading", { name: "Scan network policy", level: 1 })).toBeVisible();
  await expect(adminPage.getByRole("region", { name: "Always refused" })).toContainText("169.254.0.0/16");
  await expectNoAxeViolations(adminPage);

  const rules = adminPage.getByLabel("Rules");
  await rules.fill("block 10.0.0.0/8\npermit 10.1.0.0/16");
  await rules.press("Tab");
  await adminPage.keyboard.press("Enter");
  await expect(adminPage.getByText(/"permit 10\.1\.0\.0\/16" must start with allow or block/).first()).toBeVisible();
  await expect(adminPage.getByLabel("Rules")).toHaveValue("block 10.0.0.0/8\npermit 10.1.0.0/16");
  await expectNoAxeViolations(adminPage);

  await adminPage.getByLabel("Rules").fill("block 10.0.0.0/8, allow 10.1.0.0/16");
  await adminPage.getByRole("button", { name: "Save rules" }).click();
  await expect(adminPage.getByRole("status")).toContainText("Rules saved");
  await expect(adminPage.getByLabel("Rules")).toHaveValue("block 10.0.0.0/8\nallow 10.1.0.0/16");

  await adminPage.setViewportSize({ width: 320, height: 720 });
  await adminPage.reload();
  await expectNoAxeViolations(adminPage);
  const overflow = await adminPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await adminPage.getByLabel("Rules").fill("");
  await adminPage.getByRole("button", { name: "Save rules" }).click();
  await expect(adminPage.getByRole("status")).toContainText("Rules saved");

  const tester = await pageAs("TESTER");
  await tester.page.goto("/admin/network");
  await expect(tester.page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
});
