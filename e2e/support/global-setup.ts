import path from "node:path";
import { resolveChromium } from "@/lib/browser/chromium";
import { ensureBuilt } from "@/lib/launch/build";
import { createTestDatabase, dropTestDatabase, startTestServer } from "@/tests/support/test-database";
import { startAppServer } from "./app-server";

export default async function globalSetup() {
  const chromium = await resolveChromium();
  process.env.E2E_CHROMIUM_PATH = chromium.executablePath;
  process.env.E2E_CHROMIUM_ARGS = JSON.stringify(chromium.args);

  await ensureBuilt(process.cwd());
  const server = await startTestServer();
  process.env.E2E_DATABASE_SERVER_URL = server.serverUrl;
  const databaseUrl = await createTestDatabase(server.serverUrl, "e2e");
  // For tests that compare what the UI draws with what was stored (read-only).
  process.env.E2E_DATABASE_URL = databaseUrl;

  const app = await startAppServer(
    {
      DATABASE_URL: databaseUrl,
      ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL!,
      ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD!,
      DATA_DIR: path.join(process.cwd(), ".data", "e2e"),
      DEMO_DATA: "true",
    },
    { port: Number(process.env.E2E_PORT) },
  );

  return async () => {
    await app.stop();
    await dropTestDatabase(databaseUrl);
    await server.stop();
  };
}
