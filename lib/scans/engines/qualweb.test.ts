import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchScanBrowser } from "../browser";
import { measuredRules } from "./decisions";
import type { EngineContext } from "./engine";
import { createQualwebEngine, qualwebEngine } from "./qualweb";

// An image without a text alternative (QualWeb's qw-act-r17, measured on the ACT cases) and an
// empty heading (qw-act-r35, a best practice that never fired there, so it has no measurement).
const PAGE = `<!doctype html><html lang="en"><head><title>QualWeb rules</title></head><body><main><h1>Rules</h1><img src="/a.png"><div role="heading" aria-level="2"></div></main></body></html>`;

let browser: Browser;

beforeAll(async () => {
  browser = await launchScanBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function rulesFound(engine: typeof qualwebEngine, html = PAGE): Promise<string[]> {
  const page: Page = await browser.newPage();
  try {
    await page.setContent(html);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Runtime.enable");
    const findings = await engine.run(page, { cdp } as unknown as EngineContext);
    return [...new Set(findings.map((finding) => finding.ruleId))].sort();
  } finally {
    await page.close();
  }
}

describe("QualWeb's rules in a scan", () => {
  it("runs only the rules the decisions measured; bench:act's engine runs every rule", async () => {
    expect(measuredRules("qualweb")).toContain("qw-act-r17");
    expect(measuredRules("qualweb")).not.toContain("qw-act-r35");
    const scanned = await rulesFound(qualwebEngine);
    expect(scanned).toContain("qw-act-r17");
    expect(scanned).not.toContain("qw-act-r35");
    expect(scanned.every((rule) => measuredRules("qualweb").includes(rule))).toBe(true);
    const measuring = await rulesFound(createQualwebEngine({ allRules: true }));
    expect(measuring).toEqual(expect.arrayContaining(["qw-act-r17", "qw-act-r35"]));
  }, 60_000);

  it("runs in its own world: a page that breaks the built-ins QualWeb relies on, or fakes its runner, is checked all the same", async () => {
    const hostile = PAGE.replace(
      "<main>",
      `<script>window.ACTRulesRunner = function () { throw new Error("fake"); }; Object.entries = () => []; Array.prototype.map = function () { return []; };</script><main>`,
    );
    expect(await rulesFound(qualwebEngine, hostile)).toContain("qw-act-r17");
  }, 60_000);
});
