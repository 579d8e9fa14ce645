import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withDatabase } from "@/lib/database/admin";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";
import { seedBackupData } from "@/tests/support/backup-data";
import { listBackups } from "./queries";
import { applyRetention, getBackupHealth, runScheduledBackup, type BackupRun } from "./schedule";

describe("scheduled backups", () => {
  let databaseUrl: string;
  let root: string;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase(inject("databaseServerUrl"), "schedule");
    root = await fs.mkdtemp(path.join(os.tmpdir(), "clearsight-schedule-"));
    await seedBackupData(databaseUrl);
  });
  afterAll(async () => {
    await dropTestDatabase(databaseUrl);
    await fs.rm(root, { recursive: true, force: true });
  });

  it("backs up, verifies, and reports healthy; runs started at the same time are refused", async () => {
    // Five at once: exactly one takes the lock (a lock seen before its owner's pid was written was once taken as stale).
    const runs = await Promise.all(Array.from({ length: 5 }, () => runScheduledBackup({ databaseUrl, root })));
    const [done, ...refused] = [...runs].sort((a, b) => Number(b.ok) - Number(a.ok)) as [BackupRun, ...BackupRun[]];
    expect(refused).toEqual(Array(4).fill({ ok: false, removed: [], error: "Another backup is running." }));
    expect(done.ok).toBe(true);
    expect(done.verification?.state).toBe("ok");
    // The scheduled verification restores onto a first admin with the same email, as a rebuilt server has.
    expect(done.verification?.firstAdmin).toMatchObject({ matched: true });
    const backups = await listBackups(root);
    expect(backups.map((backup) => backup.name)).toEqual([done.name]);
    expect(backups[0]).toMatchObject({ rows: 23, verification: { state: "ok" } }); // the seeded data, its two scan runs included
    expect(await getBackupHealth(root)).toEqual({ state: "ok", lastSuccessAt: expect.any(String) });
  }, 120_000);

  it("records a failure that the health check reports until the next success", async () => {
    const missing = withDatabase(databaseUrl, "clearsight_test_does_not_exist");
    const run = await runScheduledBackup({ databaseUrl: missing, root });
    expect(run.ok).toBe(false);
    expect(run.error).toMatch(/database "clearsight_test_does_not_exist" does not exist/);
    const health = await getBackupHealth(root);
    expect(health.state).toBe("warning");
    expect(health.lastFailure?.message).toBe(run.error);
    expect(health.message).toMatch(/^The last backup failed/);

    expect((await runScheduledBackup({ databaseUrl, root })).ok).toBe(true);
    expect((await getBackupHealth(root)).state).toBe("ok");
  }, 120_000);

  it("keeps the newest backups, and the newest good one when none of those is good", async () => {
    const [newest] = await listBackups(root);
    const copies = ["2020-01-01T00-00-00-000Z", "2020-01-02T00-00-00-000Z", "2099-01-01T00-00-00-000Z", "2099-01-02T00-00-00-000Z"];
    for (const name of copies) await fs.cp(newest!.dir, path.join(root, name), { recursive: true });
    // The two newest have failed verification; 2020-01-02 is good, as is the real newest.
    for (const name of copies.slice(2)) await fs.writeFile(path.join(root, name, "verification.json"), JSON.stringify({ state: "failed", verifiedAt: new Date().toISOString(), durationMs: 1, problems: ["x"], tables: [] }));
    await fs.mkdir(path.join(root, "2098-01-01T00-00-00-000Z.partial-abc123"));

    const removed = await applyRetention(2, root);
    const kept = (await listBackups(root)).map((backup) => backup.name);
    expect(kept).toEqual(["2099-01-02T00-00-00-000Z", "2099-01-01T00-00-00-000Z", newest!.name]);
    expect(removed).toContain("2020-01-01T00-00-00-000Z");
    expect(removed).toContain("2020-01-02T00-00-00-000Z");
    expect((await fs.readdir(root)).some((entry) => entry.includes(".partial-"))).toBe(false);
  });
});
