/**
 * Each own check on its passing and failing fixture pages (tests/fixtures/checks), in real
 * Chromium: exactly the expected elements, with the expected kind, and nothing on the passing
 * page. Also: the page scan stores the checks' findings with their source and criteria.
 */
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveCorpus, type CorpusServer } from "@/scripts/bench/act-corpus";
import { tagsForLevel } from "@/lib/wcag/criteria";
import { launchScanBrowser } from "../browser";
import { scanPage } from "../page-scan";
import { ScanTab } from "../scan-tab";
import { scanOptionsSchema } from "../schema";
import { altTextFileNameCheck } from "./alt-text-file-name";
import { CHECK_IDS } from "./catalog";
import { linkPurposeCheck } from "./link-purpose";
import { OWN_CHECKS_VERSION, type OwnCheck } from "./own-check";
import { OWN_CHECKS } from "./registry";
import { textSpacingCheck } from "./text-spacing";
import { reflowCheck } from "./reflow";
import { keyboardTrapCheck } from "./keyboard-trap";
import { focusVisibleCheck } from "./focus-visible";
import { enginesForScan } from "../engines/registry";

let site: CorpusServer;
let browser: Browser;
let context: BrowserContext;
const viewport = { width: 1280, height: 800 };

beforeAll(async () => {
  site = await serveCorpus(path.join(import.meta.dirname, "..", "..", "..", "tests", "fixtures", "checks"));
  browser = await launchScanBrowser();
  context = await browser.newContext({ viewport });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await site?.close();
});

/** The check's findings on a fixture page, as "selector kind" lines in document order. */
async function findingsOn(check: OwnCheck, file: string): Promise<string[]> {
  const page = await context.newPage();
  try {
    await page.goto(site.url(file));
    const cdp = await context.newCDPSession(page);
    const state = () => page.evaluate("[window.innerWidth, window.innerHeight, devicePixelRatio, document.querySelectorAll('style').length, document.documentElement.outerHTML.length]");
    const before = await state();
    const found = await check.run(page, { cdp, options: scanOptionsSchema.parse({ viewport }), tags: tagsForLevel("2.2", "AAA") });
    // Every check leaves the page as it found it: viewport and pixel ratio, styles, markup.
    expect(await state()).toEqual(before);
    return found.map((finding) => `${finding.selector} ${finding.kind}`);
  } finally {
    await page.close();
  }
}

describe("own checks", () => {
  it("each have an implementation under their catalog id", () => {
    expect(Object.keys(OWN_CHECKS).sort()).toEqual([...CHECK_IDS].sort());
  });

  it("link purpose (2.4.4, 2.4.9): generic link names without context", async () => {
    expect(await findingsOn(linkPurposeCheck, "link-purpose-fail.html")).toEqual([
      "#bare-more violation",
      "#click-here violation",
      "#arrows violation",
      "#role-link violation",
      "#svg-go violation",
      "#after-heading needs_review",
    ]);
    expect(await findingsOn(linkPurposeCheck, "link-purpose-pass.html")).toEqual([]);
  });

  it("alt text that is a file name (1.1.1)", async () => {
    expect(await findingsOn(altTextFileNameCheck, "alt-text-file-name-fail.html")).toEqual([
      "#camera violation",
      "#extension violation",
      "#own-file violation",
      "#own-stem violation",
      "#submit-image violation",
    ]);
    expect(await findingsOn(altTextFileNameCheck, "alt-text-file-name-pass.html")).toEqual([]);
  });

  it("text spacing (1.4.12): spacing users cannot override, and text cut off when they do", async () => {
    expect(await findingsOn(textSpacingCheck, "text-spacing-fail.html")).toEqual([
      "#tight-letters violation",
      "#tight-words violation",
      "#tight-lines violation",
      "#inherited violation",
      "#fixed-height violation",
      "#ellipsis needs_review",
    ]);
    expect(await findingsOn(textSpacingCheck, "text-spacing-pass.html")).toEqual([]);
  });

  it("reflow (1.4.10): sideways scrolling and text cut off at 320 CSS px, and the viewport put back", async () => {
    expect(await findingsOn(reflowCheck, "reflow-fail.html")).toEqual(["#banner violation", "#plans > div:nth-child(2) violation", "#teaser needs_review"]);
    expect(await findingsOn(reflowCheck, "reflow-pass.html")).toEqual([]);
  });

  it("keyboard trap (2.1.2): focus that Tab, Shift+Tab, Escape and the advised key cannot move out", async () => {
    expect(await findingsOn(keyboardTrapCheck, "keyboard-trap-fail.html")).toEqual(["#bold violation"]);
    expect(await findingsOn(keyboardTrapCheck, "keyboard-trap-refocus-fail.html")).toEqual(["#code violation"]);
    // The page advises Ctrl+M, which works; a modal dialog keeping focus is not a trap.
    expect(await findingsOn(keyboardTrapCheck, "keyboard-trap-pass.html")).toEqual([]);
    expect(await findingsOn(keyboardTrapCheck, "keyboard-trap-dialog-pass.html")).toEqual([]);
  });

  it("focus visible (2.4.7): elements that look the same focused and unfocused", async () => {
    expect(await findingsOn(focusVisibleCheck, "focus-visible-fail.html")).toEqual(["#bare-link violation", "#flat-button violation", "#card violation"]);
    // A ring, a transition, a marker set by a script, and a text field (its caret) all show focus.
    expect(await findingsOn(focusVisibleCheck, "focus-visible-pass.html")).toEqual([]);
  });
});

describe("the page scan with own checks", () => {
  const scan = (file: string, checks?: string[], query = "") => {
    const tab = new ScanTab();
    const options = scanOptionsSchema.parse({ pageTimeoutMs: 5_000, ...(checks ? { checks } : {}) });
    return scanPage(browser, tab, {
      url: `${site.url(file)}${query}`,
      options,
      tags: tagsForLevel("2.2", "AA"),
      allowedOrigins: new Set([site.origin]),
      engines: enginesForScan(options),
    }).finally(() => tab.close());
  };
  const own = (finding: { sources: Array<{ engine: string }> }) => finding.sources.some((source) => source.engine.startsWith("clearsight-"));

  it("stores their findings beside axe-core's, with their source and the session's criteria", async () => {
    const result = await scan("alt-text-file-name-fail.html");
    if (!result.ok) throw new Error(result.error);
    const found = result.findings.filter(own);
    // One finding per element and criterion: where another engine (Alfa's sia-r39) found the
    // same element, the check is one more source of the same finding.
    // (The merged finding keeps the first engine's selector, so elements are named by their id.)
    expect(found.map((finding) => [/ id="([^"]+)"/.exec(finding.html)?.[1], finding.kind, finding.wcagCriteria.join(" ")]).sort()).toEqual(
      ["camera", "extension", "own-file", "own-stem", "submit-image"].map((id) => [id, "violation", "1.1.1"]),
    );
    for (const finding of found) {
      expect(finding.screenshotIndex).not.toBeNull();
      expect(finding.sources.filter((source) => source.engine.startsWith("clearsight-"))).toEqual([
        { engine: "clearsight-alt-text-file-name", version: OWN_CHECKS_VERSION, ruleId: "clearsight-alt-text-file-name", kind: "violation" },
      ]);
    }
    expect(result.engines["clearsight-alt-text-file-name"]).toBe(OWN_CHECKS_VERSION);
    // A WCAG AA session leaves out the AAA criterion 2.4.9 of the link check.
    const links = await scan("link-purpose-fail.html");
    if (!links.ok) throw new Error(links.error);
    expect(new Set(links.findings.filter(own).map((finding) => finding.wcagCriteria.join(" ")))).toEqual(new Set(["2.4.4"]));
  });

  it("keeps nothing the engines found once a Tab press took the page to another view, and keeps it when only the fragment changed", async () => {
    // The keyboard checks' Tab presses come before the other engines run (their pause passes
    // while those work): focusing the first link runs the page's handler.
    const checks = ["clearsight-alt-text-file-name", "clearsight-keyboard-trap"];
    const moved = await scan("focus-moves.html", checks, "?to=view");
    if (!moved.ok) throw new Error(moved.error);
    expect(moved.findings.filter((finding) => finding.sources.some((source) => source.engine !== "axe-core"))).toEqual([]);
    const marked = await scan("focus-moves.html", checks, "?to=fragment");
    if (!marked.ok) throw new Error(marked.error);
    expect(marked.findings.filter(own).map((finding) => / id="([^"]+)"/.exec(finding.html)?.[1])).toEqual(["camera"]);
  });

  it("runs only the checks a session chose", async () => {
    const result = await scan("alt-text-file-name-fail.html", []);
    if (!result.ok) throw new Error(result.error);
    expect(result.findings.filter(own)).toEqual([]);
  });
});
