import { randomBytes } from "node:crypto";
import { defineConfig } from "@playwright/test";

// Chosen once in the main process; workers inherit them through the environment.
process.env.E2E_PORT ??= String(3300 + Math.floor(Math.random() * 500));
process.env.E2E_ADMIN_EMAIL ??= "e2e-admin@example.org";
process.env.E2E_ADMIN_PASSWORD ??= randomBytes(18).toString("base64url");

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/support/global-setup.ts",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${process.env.E2E_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        browserName: "chromium",
        // Set by the global setup (lib/browser/chromium.ts resolves a browser; no download step).
        launchOptions: {
          executablePath: process.env.E2E_CHROMIUM_PATH,
          args: JSON.parse(process.env.E2E_CHROMIUM_ARGS ?? "[]") as string[],
        },
      },
    },
  ],
});
