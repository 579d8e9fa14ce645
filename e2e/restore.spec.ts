/**
 * Disaster recovery from the admin page: a backup of one instance is uploaded to a freshly
 * started one (its first admin made from ADMIN_EMAIL, the same email as the backup's admin),
 * dry-run, confirmed, and the projects are back.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createBackupArchive } from "@/lib/backups/archive";
import { createBackup } from "@/lib/backups/backup";
import { findFreePort } from "@/lib/database/embedded";
import { resetEnvCache } from "@/lib/env";
import { seedBackupData, withClient } from "@/tests/support/backup-data";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";
import { startAppServer } from "./support/app-server";
import { expect, expectNoAxeViolations, signIn, test } from "./support/fixtures";

test("an admin restores a backup from the admin page into a fresh instance and sees the projects come back", async ({ browser }) => {
  // Two databases, a backup, a second app instance, a dry run and a restore.
  test.setTimeout(300_000);
  // The seeded credential's secret is encrypted here; the instance started below inherits the key.
  process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  resetEnvCache();
  const serverUrl = process.env.E2E_DATABASE_SERVER_URL!;
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "clearsight-e2e-restore-"));
  const sourceUrl = await createTestDatabase(serverUrl, "e2e_restore_src");
  const freshUrl = await createTestDatabase(serverUrl, "e2e_restore_fresh");
  const projectName = `Restored portal ${randomBytes(3).toString("hex")}`;
  try {
    const seeded = await seedBackupData(sourceUrl);
    await withClient(sourceUrl, (client) =>
      client.query("INSERT INTO projects (id, name, primary_url, created_by, updated_at) VALUES (gen_random_uuid(), $1, 'https://portal.example.org', $2, now())", [
        projectName,
        seeded.adminId,
      ]),
    );
    const backup = await createBackup({ databaseUrl: sourceUrl, outDir: path.join(work, "backup") });
    const archive = path.join(work, "backup.tar.gz");
    await pipeline(createBackupArchive(backup.dir), createWriteStream(archive));

    const password = randomBytes(12).toString("base64url");
    const app = await startAppServer(
      { DATABASE_URL: freshUrl, ADMIN_EMAIL: seeded.adminEmail, ADMIN_PASSWORD: password, DATA_DIR: path.join(work, "data"), DEMO_DATA: "false", BACKUP_INTERVAL_HOURS: "0" },
      { port: await findFreePort(), args: ["--no-worker"] },
    );
    const context = await browser.newContext({ baseURL: app.url });
    try {
      expect(await signIn(context.request, seeded.adminEmail, password)).toBe(200);
      const page = await context.newPage();
      await page.goto("/projects");
      await expect(page.getByText(projectName)).toHaveCount(0);

      await page.goto("/admin/backups");
      await expect(page.getByRole("heading", { name: "Restore a backup" })).toBeVisible();
      await expectNoAxeViolations(page);
      await page.getByLabel("Upload a backup (.tar.gz, as downloaded above)").setInputFiles(archive);
      await page.getByRole("button", { name: "Upload", exact: true }).click();
      await expect(page.getByLabel("Backup to restore")).toHaveValue(/^upload:/);
      await expect(page.getByRole("button", { name: "Confirm restore" })).toBeDisabled();

      // Keyboard only from here: the dry run, then the confirmation.
      await page.getByRole("button", { name: "Dry run" }).focus();
      await page.keyboard.press("Enter");
      await expect(page.getByRole("heading", { name: /^Dry run of uploaded backup/ })).toBeVisible({ timeout: 120_000 });
      await expect(page.getByText(/^Dry run, nothing changed: all \d+ rows of the backup would be in the database/)).toBeVisible();
      await expect(page.getByText("Matched by email to accounts already here")).toBeVisible();
      await expect(page.getByRole("region", { name: "What the restore would do, per table" }).getByRole("row", { name: /^projects 3 3 0 0 0$/ })).toBeVisible();
      await expectNoAxeViolations(page);

      const confirm = page.getByRole("button", { name: "Confirm restore" });
      await expect(confirm).toBeEnabled();
      await confirm.focus();
      await page.keyboard.press("Enter");
      await expect(page.getByRole("heading", { name: /^Restore of uploaded backup/ })).toBeVisible({ timeout: 120_000 });
      await expect(page.getByText(/^Restored: all \d+ rows of the backup are in the database/)).toBeVisible();
      await expectNoAxeViolations(page);

      // At 320 px the page scrolls down, not sideways.
      await page.setViewportSize({ width: 320, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await expectNoAxeViolations(page);

      await page.goto("/projects");
      await expect(page.getByRole("link", { name: projectName })).toBeVisible();
    } finally {
      await context.close();
      await app.stop();
    }
  } finally {
    await Promise.all([dropTestDatabase(sourceUrl), dropTestDatabase(freshUrl)]);
    await fs.rm(work, { recursive: true, force: true });
  }
});
