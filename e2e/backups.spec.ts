import fs from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import type { APIRequestContext } from "@playwright/test";
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

type BackupList = { items: Array<{ name: string; verification?: { state: "ok" | "failed"; problems: string[] } }>; running: boolean };

async function listBackups(request: APIRequestContext): Promise<BackupList> {
  const response = await request.get("/api/v1/backups");
  expect(response.status()).toBe(200);
  return (await response.json()) as BackupList;
}

/** Names of the files in a .tar.gz. */
async function listArchive(archive: Buffer): Promise<string[]> {
  const names: string[] = [];
  const extract = tar.extract();
  extract.on("entry", (header, stream, next) => {
    names.push(header.name);
    stream.on("end", next);
    stream.resume();
  });
  await pipeline(Readable.from([archive]), createGunzip(), extract);
  return names;
}

test.describe("backups", () => {
  test("an admin creates a backup, sees it verified, and downloads it", async ({ adminPage: page }) => {
    // Backing up, then test-restoring into a scratch database, takes a while.
    test.setTimeout(180_000);
    await page.goto("/admin/backups");
    await expect(page.getByRole("heading", { level: 1, name: "Backups" })).toBeVisible();
    await expectNoAxeViolations(page);

    // The worker's scheduled backup may be running; "Create backup now" waits for it.
    await expect.poll(async () => (await listBackups(page.request)).running, { timeout: 120_000 }).toBe(false);
    const before = new Set((await listBackups(page.request)).items.map((backup) => backup.name));

    await page.reload();
    await page.getByRole("button", { name: "Create backup now" }).click();
    await expect(page).toHaveURL(/\/admin\/backups\?backup=started$/);
    await expect(page.getByRole("status").filter({ hasText: "Backup started" })).toBeVisible();
    await expectNoAxeViolations(page);

    let name = "";
    await expect
      .poll(
        async () => {
          const created = (await listBackups(page.request)).items.find((backup) => !before.has(backup.name));
          name = created?.name ?? "";
          return created?.verification?.state ?? "not verified yet";
        },
        { timeout: 120_000, message: "the new backup is listed and its test restore succeeded" },
      )
      .toBe("ok");

    await page.reload();
    const download = page.getByRole("link", { name: /^Download backup of .* \(\.tar\.gz\)$/ }).and(page.locator(`[href$="/${encodeURIComponent(name)}/download"]`));
    const row = page.getByRole("row").filter({ has: download });
    await expect(row.getByRole("cell").nth(2)).toContainText("Good");
    await expectNoAxeViolations(page);

    const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
    expect(file.suggestedFilename()).toBe(`clearsight-backup-${name}.tar.gz`);
    const archive = await fs.readFile(await file.path());
    expect([...archive.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const names = await listArchive(archive);
    expect(names).toContain(`${name}/manifest.json`);
    expect(names).toContain(`${name}/verification.json`);
    expect(names).toContain(`${name}/violations.jsonl`);

    const response = await page.request.get(`/api/v1/backups/${encodeURIComponent(name)}/download`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/gzip");
  });

  test("a tester may neither see the page nor use the API", async ({ pageAs }) => {
    const { page } = await pageAs("TESTER");
    const response = await page.goto("/admin/backups");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Create backup now" })).toHaveCount(0);
    await expectNoAxeViolations(page);

    const api = await page.request.get("/api/v1/backups");
    expect(api.status()).toBe(403);
    expect((await api.json()) as unknown).toMatchObject({ error: { code: "forbidden" } });
    expect((await page.request.post("/api/v1/backups")).status()).toBe(403);
  });
});
