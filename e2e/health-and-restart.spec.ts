/**
 * These tests run their own Clearsight instances, so they can stop the database under a running
 * app and restart the app on the same data directory. They run one at a time.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { ensureDatabase, withDatabase } from "@/lib/database/admin";
import { findFreePort, startEmbeddedPostgres } from "@/lib/database/embedded";
import { startAppServer } from "./support/app-server";
import { expect, signIn, test } from "./support/fixtures";

test.describe.configure({ mode: "serial", timeout: 300_000 });

async function scratchDir(label: string): Promise<string> {
  // Under the project's .data (reachable by the `postgres` user that runs the embedded server).
  const root = path.join(process.cwd(), ".data", "e2e-scratch");
  await fs.mkdir(root, { recursive: true, mode: 0o711 });
  const dir = await fs.mkdtemp(path.join(root, `${label}-`));
  await fs.chmod(dir, 0o711);
  return dir;
}

test("health reports a stopped database with 503 and recovers when it is back, without a restart", async ({ playwright }) => {
  const dir = await scratchDir("health");
  const cluster = await startEmbeddedPostgres(path.join(dir, "postgres"));
  const databaseUrl = withDatabase(cluster.serverUrl, "clearsight_health");
  await ensureDatabase(databaseUrl);
  const port = await findFreePort();
  const app = await startAppServer({ DATABASE_URL: databaseUrl, DATA_DIR: dir, DEMO_DATA: "false" }, { port, args: ["--no-worker"] });
  const request = await playwright.request.newContext({ baseURL: app.url });
  try {
    const healthy = await request.get("/api/health");
    expect(healthy.status()).toBe(200);
    const body = (await healthy.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: "healthy", database: "connected", migrations: { pending: 0 }, version: expect.any(String) });
    expect((body.migrations as { applied: number }).applied).toBeGreaterThan(0);
    expect(Date.parse(String(body.timestamp))).not.toBeNaN();

    await cluster.stop();
    const down = await request.get("/api/health");
    expect(down.status()).toBe(503);
    expect(await down.json()).toMatchObject({ status: "unhealthy", database: "disconnected" });

    const restarted = await startEmbeddedPostgres(path.join(dir, "postgres"));
    try {
      await expect.poll(async () => (await request.get("/api/health")).status(), { timeout: 30_000 }).toBe(200);
    } finally {
      await app.stop();
      await restarted.stop();
    }
  } finally {
    await request.dispose();
    await app.stop();
    await cluster.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test("a second start on the same data directory keeps all data", async ({ playwright }) => {
  const dir = await scratchDir("restart");
  // No DATABASE_URL: the app runs its own embedded PostgreSQL under DATA_DIR, as on a fresh install.
  const env = { DATABASE_URL: "", DATA_DIR: dir, ADMIN_EMAIL: "owner@example.org", ADMIN_PASSWORD: "restart-test-password" };
  const first = await startAppServer(env, { port: await findFreePort() });
  try {
    expect(first.output()).toContain("using the embedded PostgreSQL");
    expect(first.output()).toContain("Created the first admin account: owner@example.org");
    const request = await playwright.request.newContext({ baseURL: first.url });
    expect(await signIn(request, "owner@example.org", "restart-test-password")).toBe(200);
    const created = await request.post("/api/v1/users", { data: { email: "kept@example.org", name: "Kept", role: "TESTER", password: "kept-user-password" } });
    expect(created.status()).toBe(201);
    await request.dispose();
  } finally {
    expect(await first.stop()).toBe(0);
  }
  expect(first.output()).toContain("Stopping the embedded PostgreSQL");
  const secrets = JSON.parse(await fs.readFile(path.join(dir, "secrets.json"), "utf8")) as Record<string, string>;
  expect(Object.keys(secrets).sort()).toEqual(["ENCRYPTION_KEY", "NEXTAUTH_SECRET"]);

  const second = await startAppServer(env, { port: await findFreePort() });
  try {
    expect(second.output()).not.toContain("Created the first admin account");
    expect(second.output()).not.toContain("Initialising embedded PostgreSQL");
    const request = await playwright.request.newContext({ baseURL: second.url });
    expect(await signIn(request, "kept@example.org", "kept-user-password")).toBe(200);
    const me = (await (await request.get("/api/v1/me")).json()) as { email: string; role: string };
    expect(me).toMatchObject({ email: "kept@example.org", role: "TESTER" });
    await request.dispose();
  } finally {
    await second.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
