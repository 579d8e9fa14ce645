/**
 * A user changes their own password on /account (this browser stays signed in, their other
 * sessions end); the API reference page; and the `clearsight` CLI against the running app,
 * including the README's CI example, run as written.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startFixtureSite, type FixtureSite } from "@/tests/support/fixture-site";
import { expect, expectNoAxeViolations, signIn, test, uniqueSuffix } from "./support/fixtures";

const run = promisify(execFile);
const CLI = path.join(process.cwd(), "bin", "clearsight.js");

async function clearsight(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, timeout: 180_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

test("a user changes their own password: this browser stays signed in, other sessions end", async ({ browser, pageAs }) => {
  const { page, user } = await pageAs("VIEWER");
  const other = await browser.newContext();
  expect(await signIn(other.request, user.email, user.password)).toBe(200);
  expect((await other.request.get("/api/v1/me")).status()).toBe(200);

  await page.goto("/account");
  await expectNoAxeViolations(page);
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password").fill("a-brand-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("This is not your current password.").first()).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password").fill("a-brand-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Password changed. Your other sessions have ended.");
  await page.reload();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  expect((await page.request.get("/api/v1/me")).status()).toBe(200);
  expect((await other.request.get("/api/v1/me")).status()).toBe(401);
  const fresh = await browser.newContext();
  expect(await signIn(fresh.request, user.email, user.password)).toBe(401);
  expect(await signIn(fresh.request, user.email, "a-brand-new-password")).toBe(200);
  await Promise.all([other.close(), fresh.close()]);
});

test("the API reference page lists the operations and passes axe", async ({ adminPage: page }) => {
  await page.goto("/api-docs");
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "GET /api/v1/projects/{id}", exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 320, height: 800 });
  await expectNoAxeViolations(page);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(320);
});

test.describe("the clearsight CLI", () => {
  let site: FixtureSite;
  test.beforeAll(async () => {
    site = await startFixtureSite();
  });
  test.afterAll(async () => {
    await site.close();
  });

  test("logs in, lists projects, creates and scans sessions, gates, exports; errors are one line; the README CI example runs", async ({ pageAs, baseURL }) => {
    test.setTimeout(300_000);
    const { page } = await pageAs("TESTER");
    const token = ((await (await page.request.post("/api/v1/tokens", { data: { name: `cli ${uniqueSuffix()}` } })).json()) as { token: string }).token;
    const projectName = `CLI ${uniqueSuffix()}`;
    const project = (await (await page.request.post("/api/v1/projects", { data: { name: projectName, primaryUrl: site.url("/") } })).json()) as { id: string };
    const home = await mkdtemp(path.join(os.tmpdir(), "clearsight-cli-"));
    const configEnv = { XDG_CONFIG_HOME: home, CLEARSIGHT_URL: "", CLEARSIGHT_TOKEN: "" };

    // login stores the server and token for the user only.
    const login = await clearsight(["login", "--url", baseURL!, "--token", token], configEnv);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain("Signed in to");
    const configFile = path.join(home, "clearsight", "config.json");
    expect((await stat(configFile)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(configFile, "utf8"))).toEqual({ url: baseURL, token });

    const projects = await clearsight(["projects", "list"], configEnv);
    expect(projects.code, projects.stderr).toBe(0);
    expect(projects.stdout).toContain(`${project.id}  active    ${projectName}`);

    // A session from a YAML file, scanned with --wait (plain progress lines off a terminal).
    const file = path.join(home, "session.yaml");
    await import("node:fs/promises").then((fs) =>
      fs.writeFile(file, `project: ${project.id}\nname: Baseline\nscope:\n  startUrl: ${site.url("/missing-alt")}\n  maxPages: 20\n  maxDepth: 1\n`),
    );
    const env = { CLEARSIGHT_URL: baseURL!, CLEARSIGHT_TOKEN: token, XDG_CONFIG_HOME: path.join(home, "unused") };
    const created = await clearsight(["sessions", "create", "--file", file], env);
    expect(created.code, created.stderr).toBe(0);
    const baseline = created.stdout.trim();
    const scan = await clearsight(["scan", baseline, "--wait", "--interval", "0.5"], env);
    expect(scan.code, scan.stderr).toBe(0);
    expect(scan.stderr).toContain("Scan queued: 1 page planned.");
    expect(scan.stderr).toMatch(/completed: (\d+)\/\1 pages\n$/);

    // The gate: missing alt text is critical.
    const failing = await clearsight(["results", baseline, "--fail-on", "serious"], env);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/^FAILED: \d+ unresolved violations? of serious impact or worse/);
    const junit = await clearsight(["export", baseline, "--format", "junit"], env);
    expect(junit.code, junit.stderr).toBe(0);
    expect(junit.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="Clearsight: Baseline" tests="\d+" failures="[1-9]\d*"/);
    expect(junit.stdout).toContain('<failure type="critical"');
    const sarifFile = path.join(home, "out.sarif");
    const sarif = await clearsight(["export", baseline, "--format", "sarif", "--out", sarifFile], env);
    expect(sarif.code, sarif.stderr).toBe(0);
    const log = JSON.parse(await readFile(sarifFile, "utf8"));
    expect(log.version).toBe("2.1.0");
    const imageAlt = log.runs[0].results.find((result: { ruleId: string; level: string }) => result.ruleId === "image-alt" && result.level === "error");
    expect(imageAlt).toBeTruthy();
    // Which engine found it travels with the result.
    expect(imageAlt.properties.foundBy).toContainEqual(expect.objectContaining({ engine: "axe-core", ruleId: "image-alt" }));
    const csv = await clearsight(["export", baseline, "--format", "csv"], env);
    expect(csv.stdout.split("\r\n")[0]).toBe("page_url,page_title,rule_id,kind,impact,wcag_criteria,selector,html,summary,help,help_url,status,status_reason,fingerprint,page_error,authenticated,found_by");

    // Errors: one line, no stack trace, non-zero exit.
    for (const [args, extra, expected] of [
      [["projects", "list"], { CLEARSIGHT_TOKEN: "cs_not-a-real-token" }, "The server did not accept the token (401"],
      [["projects", "list"], { CLEARSIGHT_URL: "http://127.0.0.1:9" }, "Cannot reach the Clearsight server at http://127.0.0.1:9"],
      [["results", "00000000-0000-4000-8000-000000000000", "--fail-on", "any"], {}, "Test session was not found. (HTTP 404)"],
      [["results", baseline, "--fail-on", "bad"], {}, "--fail-on is one of critical, serious, moderate, minor or any"],
    ] as const) {
      const result = await clearsight([...args], { ...env, ...extra });
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toContain(expected);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }

    // The README's CI example, as written: a new scan of the same site gates only on what is new.
    const readme = await readFile(path.join(process.cwd(), "README.md"), "utf8");
    const script = /<!-- ci-example:start -->\n```sh\n([\s\S]*?)```\n<!-- ci-example:end -->/.exec(readme)?.[1];
    expect(script).toBeTruthy();
    // Run in the clone, as CI would (`npx clearsight` is the package's own bin); the reports go to a scratch folder.
    const work = await mkdtemp(path.join(os.tmpdir(), "clearsight-ci-"));
    const ci = await run("bash", ["-euo", "pipefail", "-c", `cd ${JSON.stringify(process.cwd())}\n${script!.replaceAll("--out clearsight", `--out ${work}/clearsight`)}`], {
      env: { ...process.env, ...env, PROJECT_ID: project.id, CI_COMMIT: "abc123", SITE_URL: site.url("/missing-alt"), BASELINE_SESSION: baseline },
      timeout: 240_000,
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect("code" in ci ? ci.code : 0, `${ci.stdout}\n${ci.stderr}`).toBe(0);
    expect(ci.stdout).toContain("PASSED: No new unresolved violations of serious impact or worse.");
    expect(await readFile(path.join(work, "clearsight-junit.xml"), "utf8")).toContain("<testsuites");
    expect(JSON.parse(await readFile(path.join(work, "clearsight.sarif"), "utf8")).version).toBe("2.1.0");
  });
});
