/**
 * `npm run screenshots`: the results summary, a finding's evidence card and the project page, at
 * 1280 and 320 px wide, written to docs/screenshots/ (shown in the README). Everything is real:
 * the app is built and started as `npm start` does, on its own throw-away database, and scans the
 * local fixture site twice (the second time after a fix) with its own worker. Needs DATABASE_URL
 * pointing at a PostgreSQL server (or uses the embedded one the tests use).
 */
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, request, type APIRequestContext } from "playwright-core";
import { resolveChromium } from "@/lib/browser/chromium";
import { ensureBuilt } from "@/lib/launch/build";
import { startAppServer } from "@/e2e/support/app-server";
import { startFixtureSite } from "@/tests/support/fixture-site";
import { createTestDatabase, dropTestDatabase, startTestServer } from "@/tests/support/test-database";

const OUT = path.join(process.cwd(), "docs", "screenshots");
const WIDTHS = [1280, 320] as const;
const PAGES = ["/missing-alt", "/cycle-a", "/cycle-b", "/contrast", "/changing", "/form", "/no-such-page"];

async function json<T>(response: Awaited<ReturnType<APIRequestContext["get"]>>): Promise<T> {
  if (!response.ok()) throw new Error(`${response.url()} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function main() {
  const root = process.cwd();
  await mkdir(OUT, { recursive: true });
  const launch = await resolveChromium();
  await ensureBuilt(root);
  const server = await startTestServer();
  const databaseUrl = await createTestDatabase(server.serverUrl, "screenshots");
  const site = await startFixtureSite();
  const admin = { email: "screenshots@example.org", password: randomBytes(18).toString("base64url") };
  const app = await startAppServer(
    { DATABASE_URL: databaseUrl, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, DATA_DIR: path.join(root, ".data", "screenshots"), DEMO_DATA: "false" },
    { port: 3900 + Math.floor(Math.random() * 90) },
  );
  const browser = await chromium.launch({ executablePath: launch.executablePath, args: launch.args });
  try {
    const api = await request.newContext({ baseURL: app.url });
    const { csrfToken } = await json<{ csrfToken: string }>(await api.get("/api/auth/csrf"));
    await api.post("/api/auth/callback/credentials", { form: { ...admin, csrfToken, json: "true" }, maxRedirects: 0 });

    const project = await json<{ id: string }>(await api.post("/api/v1/projects", { data: { name: "Example shop", clientName: "Example Ltd", primaryUrl: site.url("/") } }));
    const scan = async (name: string) => {
      const session = await json<{ id: string }>(
        await api.post(`/api/v1/projects/${project.id}/sessions`, {
          data: { name, approach: "automated", wcagVersion: "2.2", wcagLevel: "AA", scope: { urls: PAGES.map((page) => site.url(page)) } },
        }),
      );
      await json(await api.post(`/api/v1/sessions/${session.id}/scan`));
      for (;;) {
        const progress = await json<{ status: string; pagesDone: number; pagesTotal: number }>(await api.get(`/api/v1/sessions/${session.id}/progress`));
        if (!["queued", "running"].includes(progress.status)) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      return session.id;
    };
    const before = await scan("March release");
    const logo = await json<{ violations: Array<{ id: string }> }>(await api.get(`/api/v1/sessions/${before}/violations?rule=image-alt&url=cycle`));
    await json(await api.patch(`/api/v1/sessions/${before}/violations`, { data: { ids: logo.violations.map((violation) => violation.id), status: "false_positive", reason: "Decorative logo" } }));
    site.setFixed(true);
    const after = await scan("April release");

    const storage = await api.storageState();
    for (const width of WIDTHS) {
      const context = await browser.newContext({ baseURL: app.url, storageState: storage, viewport: { width, height: width === 320 ? 1400 : 1000 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(`/sessions/${after}/results`);
      await page.locator("section[aria-labelledby=summary-title]").waitFor();
      await page.screenshot({ path: path.join(OUT, `results-summary-${width}.png`) });

      // Network idle: the page screenshot under the outline has loaded.
      await page.goto(`/sessions/${after}/results?showRule=image-alt&showSelector=%23photo&showKind=violation#details`, { waitUntil: "networkidle" });
      const card = page.locator("article[data-finding]").first();
      await card.screenshot({ path: path.join(OUT, `finding-card-${width}.png`) });

      await page.goto(`/projects/${project.id}`);
      await page.screenshot({ path: path.join(OUT, `project-${width}.png`) });
      await context.close();
    }
    await api.dispose();
    console.log(`Screenshots written to ${path.relative(root, OUT)}/`);
  } finally {
    await browser.close();
    await app.stop();
    await site.close();
    await dropTestDatabase(databaseUrl);
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
