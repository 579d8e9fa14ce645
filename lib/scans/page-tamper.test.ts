/**
 * A scanned page cannot hide its own violations (issue 21, finding 12): axe-core runs in an
 * isolated world of the page, so what the page's scripts do to their own globals (a fake
 * window.axe that cannot be replaced, patched Array methods, a DOM query that finds nothing)
 * does not reach it. The own checks run in an isolated world too (checks/in-page.ts).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tagsForLevel } from "@/lib/wcag/criteria";
import { launchScanBrowser } from "./browser";
import { scanPage } from "./page-scan";
import { ScanTab } from "./scan-tab";
import { scanOptionsSchema } from "./schema";
import { enginesForScan } from "./engines/registry";

const VIOLATIONS = `<main><h1>Shop</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="40" height="40"><label>Search <input></label><input type="text" id="unlabelled"><img src="/photos/IMG_0042.jpg" alt="IMG_0042.jpg" width="40" height="40"></main>`;

const TAMPERING: Record<string, string> = {
  // An axe that finds nothing, which the scanner's own cannot overwrite.
  "/fake-axe": `Object.defineProperty(window, "axe", { value: Object.freeze({ run: async () => ({ violations: [], incomplete: [], passes: [] }), configure() {} }), writable: false, configurable: false });`,
  // Array methods and DOM queries that see nothing.
  "/patched-builtins": `Array.prototype.filter = function () { return []; }; Array.prototype.some = function () { return false; }; Document.prototype.querySelectorAll = function () { return []; }; Element.prototype.querySelectorAll = function () { return []; }; Object.defineProperty(document, "querySelectorAll", { value: () => [] });`,
  // Results rewritten on their way out: JSON and structured cloning of the page's own objects.
  "/patched-output": `const stringify = JSON.stringify; JSON.stringify = (value, ...rest) => stringify(value && value.violations ? { ...value, violations: [] } : value, ...rest); window.postMessage = () => {};`,
};

let browser: Browser;
let server: http.Server;
let origin = "";

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const script = TAMPERING[request.url ?? ""] ?? "";
    response.writeHead(200, { "content-type": "text/html" });
    response.end(`<!doctype html><html lang="en"><head><title>Tampering</title><script>${script}</script></head><body>${VIOLATIONS}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchScanBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
});

const options = scanOptionsSchema.parse({ pageTimeoutMs: 10_000, settleTimeoutMs: 500, engines: ["axe-core"], checks: ["clearsight-alt-text-file-name"] });

describe("a page tampering with the scanner", () => {
  it.each(["/plain", ...Object.keys(TAMPERING)])("%s: its violations are found all the same", async (path) => {
    const tab = new ScanTab();
    try {
      const result = await scanPage(browser, tab, { url: `${origin}${path}`, options, tags: tagsForLevel("2.2", "AA"), allowedOrigins: new Set([origin]), engines: enginesForScan(options) });
      if (!result.ok) throw new Error(result.error);
      const rules = [...new Set(result.findings.filter((finding) => finding.kind === "violation").map((finding) => finding.ruleId))].sort();
      expect(rules).toEqual(expect.arrayContaining(["image-alt", "label", "clearsight-alt-text-file-name"]));
      expect(result.passes).toBeGreaterThan(0);
    } finally {
      await tab.close();
    }
  });
});
