/**
 * Engines' scripts go into an isolated world of the page from a file the tab reads itself
 * (engine-script.ts): the page's scripts never see them, a strict Content-Security-Policy with
 * Trusted Types does not stop them, and without the file they still arrive (through the
 * DevTools protocol).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchScanBrowser } from "./browser";
import { engineScript, isolatedWorld, runEngineScript } from "./engine-script";

const STRICT = "default-src 'none'; script-src 'none'; require-trusted-types-for 'script'; trusted-types 'none'";

let browser: Browser;
let context: BrowserContext;
let server: http.Server;
let origin = "";
let modules = "";

beforeAll(async () => {
  server = http.createServer((request, response) => {
    response.writeHead(200, { "content-type": "text/html", ...(request.url === "/strict" ? { "content-security-policy": STRICT } : {}) });
    response.end(`<!doctype html><html lang="en"><head><title>Engine script</title></head><body><p>Text</p></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  modules = mkdtempSync(path.join(tmpdir(), "engine-script-test-"));
  // Two "packages", one with text outside ASCII, as the real bundles have.
  writeFileSync(path.join(modules, "first.js"), `var probeBase = "\u03b5\u00e9".length + 38`);
  writeFileSync(path.join(modules, "second.js"), `var probe = probeBase + 1;`);
  writeFileSync(path.join(modules, "broken.js"), `throw new TypeError("the bundle broke")`);
  browser = await launchScanBrowser();
  context = await browser.newContext();
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  if (modules) rmSync(modules, { recursive: true, force: true });
});

async function worldOn(pathname: string) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(`${origin}${pathname}`);
  return { page, cdp, world: await isolatedWorld(cdp, "engine-script-test") };
}

describe("runEngineScript", () => {
  it("runs the files in order, then the epilogue, in the isolated world only, and returns the value", async () => {
    const script = engineScript("probe.js", [path.join(modules, "first.js"), path.join(modules, "second.js")], "probe + 1");
    for (const pathname of ["/", "/strict"]) {
      const { page, cdp, world } = await worldOn(pathname);
      expect(await runEngineScript(cdp, world, script)).toBe(42);
      // The page's own scripts see nothing of it.
      expect(await page.evaluate("typeof probe + typeof probeBase")).toBe("undefinedundefined");
      await page.close();
    }
  });

  it("still loads the script when its file is gone", async () => {
    const script = engineScript("probe-again.js", [path.join(modules, "first.js"), path.join(modules, "second.js")], "probe + 2");
    rmSync(script.file());
    const { page, cdp, world } = await worldOn("/strict");
    expect(await runEngineScript(cdp, world, script)).toBe(43);
    await page.close();
  });

  it("reports a script that throws as failing to start", async () => {
    const script = engineScript("broken.js", [path.join(modules, "broken.js")], "1");
    const { page, cdp, world } = await worldOn("/");
    await expect(runEngineScript(cdp, world, script)).rejects.toThrow(/broken\.js failed to start in the page: TypeError: the bundle broke/);
    await page.close();
  });
});
