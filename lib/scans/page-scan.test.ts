import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFixtureSite, type FixtureSite } from "@/tests/support/fixture-site";
import { tagsForLevel } from "@/lib/wcag/criteria";
import { launchScanBrowser } from "./browser";
import { describeNavigationError, navigatedAway, scanPage, selectorFromTarget, type PageScanResult } from "./page-scan";
import { alfaEngine } from "./engines/alfa";
import type { ScanEngine } from "./engines/engine";
import { qualwebEngine } from "./engines/qualweb";
import { ScanTab } from "./scan-tab";
import { scanOptionsSchema } from "./schema";

let site: FixtureSite;
let browser: Browser;

beforeAll(async () => {
  site = await startFixtureSite();
  browser = await launchScanBrowser();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const options = scanOptionsSchema.parse({ pageTimeoutMs: 3_000 });
const scan = (tab: ScanTab, path: string) =>
  scanPage(browser, tab, { url: site.url(path), options, tags: tagsForLevel("2.2", "AA"), allowedOrigins: new Set([site.origin]) });
const EVERY_KIND_OF_STATE = ["cookie", "indexeddb", "local", "session"].flatMap((kind) => [`leak-${kind}`, `leak-frame${kind}`]).sort();
const leaks = (result: PageScanResult) => (result.ok ? result.findings.map((finding) => /leak-\w+/.exec(finding.html)?.[0] ?? finding.ruleId).sort() : [result.error]);

describe("scanPage", () => {
  it("runs further engines on the page already loaded and merges what two engines say of one element into one finding", async () => {
    const tab = new ScanTab();
    const urlsSeen: string[] = [];
    // An engine naming the image by its own kind of selector: the merge goes by the element.
    const second: ScanEngine = {
      id: "second",
      name: "Second engine",
      version: "0.0.1",
      async run(page) {
        urlsSeen.push(page.url());
        const missing = await page.$$eval("img:not([alt])", (images) => images.length);
        return missing === 0
          ? []
          : [
              {
                ruleId: "img-no-alt",
                kind: "violation",
                impact: "serious",
                wcagCriteria: ["1.1.1"],
                tags: [],
                selector: "html > body > main > img:nth-child(3)",
                html: "<img>",
                summary: null,
                help: "Images have a text alternative",
                helpUrl: "",
              },
            ];
      },
    };
    try {
      site.hits.clear();
      const result = await scanPage(browser, tab, { url: site.url("/two-engines"), options, tags: tagsForLevel("2.2", "AA"), allowedOrigins: new Set([site.origin]), engines: [second] });
      if (!result.ok) throw new Error(result.error);
      expect(site.hits.get("/two-engines")).toBe(1);
      expect(urlsSeen).toEqual([site.url("/two-engines")]);
      const onImage = result.findings.filter((finding) => finding.wcagCriteria.includes("1.1.1"));
      expect(onImage).toHaveLength(1);
      expect(onImage[0]).toMatchObject({ ruleId: "image-alt", selector: "#chart", kind: "violation", impact: "critical" });
      expect(onImage[0]!.sources).toEqual([
        { engine: "axe-core", version: result.engineVersion, ruleId: "image-alt", kind: "violation" },
        { engine: "second", version: "0.0.1", ruleId: "img-no-alt", kind: "violation" },
      ]);
      expect(onImage[0]!.screenshotIndex).toBe(0);
      expect(result.engines).toEqual({ "axe-core": result.engineVersion, second: "0.0.1" });
    } finally {
      await tab.close();
    }
  });

  it.each([1, 2] as const)("isolates pages scanned one after another by the same lane (%i context(s) a lane)", async (contexts) => {
    const tab = new ScanTab({ contexts });
    site.hits.clear();
    try {
      // The detector works: state the page (and its frame of another origin) set itself is reported.
      expect(leaks(await scan(tab, "/check-state?set=1"))).toEqual(EVERY_KIND_OF_STATE);
      // Pages that keep writing state until they are closed, and while closing, leave nothing
      // behind: cookies, local, session and IndexedDB storage, in the page and in its frame.
      // Two in a row, then two checks: when a lane's two contexts take turns, each is checked
      // after a page that wrote state in it.
      const writeThenCheck = async () => {
        for (const path of ["/set-state", "/set-state", "/check-state", "/check-state"]) expect(leaks(await scan(tab, path))).toEqual([]);
      };
      for (let round = 0; round < 8; round++) await writeThenCheck();
      // Also after a page that failed to load (its context is replaced).
      expect(leaks(await scan(tab, "/loop-a"))).toEqual(["Too many redirects (a redirect loop); not scanned."]);
      await writeThenCheck();
      // None of the closed pages' pagehide/unload handlers ran, in the page or in its frame: their
      // beacons would have reached the site before the next page was requested.
      expect(site.hits.get("/set-state")).toBeGreaterThanOrEqual(18);
      expect(site.hits.get("/goodbye") ?? 0).toBe(0);
      expect(site.hits.get("/goodbye-from-frame") ?? 0).toBe(0);
    } finally {
      await tab.close();
    }
  });

  it("keeps the lane's context when a request an engine started ends right after the scan, and drops it when a request never ends", async () => {
    // An engine that leaves a request of its own in flight (as QualWeb does, loading each image it examines again).
    const requesting = (path: string): ScanEngine => ({
      id: "requesting",
      name: "Requesting engine",
      version: "0.0.1",
      async run(page) {
        const started = page.waitForEvent("request", (request) => request.url().includes(path));
        await page.evaluate(`new Image().src = ${JSON.stringify(path)} + "?" + Math.random()`);
        await started;
        return [];
      },
    });
    // The contexts the lane held open after each of three pages.
    const contextsKept = async (path: string) => {
      const tab = new ScanTab({ contexts: 1 });
      const before = new Set(browser.contexts());
      const used = new Set<unknown>();
      for (const page of ["/clean", "/missing-alt", "/clean"]) {
        const result = await scanPage(browser, tab, { url: site.url(page), options, tags: tagsForLevel("2.2", "AA"), allowedOrigins: new Set([site.origin]), engines: [requesting(path)] });
        expect(result.ok).toBe(true);
        for (const context of browser.contexts()) if (!before.has(context)) used.add(context);
      }
      await tab.close();
      return used.size;
    };
    expect(await contextsKept("/pixel.png")).toBe(1);
    // A response still coming could set a cookie after the reset: each page's context is closed then.
    expect(await contextsKept("/api/stream")).toBe(0);
  });

  it("never shares state between sessions", async () => {
    const tab = new ScanTab();
    try {
      const inSession = (partition: string, path: string) =>
        scanPage(browser, tab, { url: site.url(path), options, tags: tagsForLevel("2.2", "AA"), allowedOrigins: new Set([site.origin]), partition });
      expect(leaks(await inSession("first", "/check-state?set=1"))).toEqual(EVERY_KIND_OF_STATE);
      expect(leaks(await inSession("second", "/check-state"))).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it("uses the session's viewport", async () => {
    const tab = new ScanTab();
    try {
      const narrow = await scanPage(browser, tab, {
        url: site.url("/clean"),
        options: scanOptionsSchema.parse({ viewport: { width: 320, height: 640 } }),
        tags: tagsForLevel("2.2", "AA"),
        allowedOrigins: new Set([site.origin]),
      });
      expect(narrow.ok && narrow.pageShot?.width).toBe(320);
    } finally {
      await tab.close();
    }
  });

  it("captures the page whether it fits the viewport or runs below it, at the size it reports", async () => {
    const tab = new ScanTab();
    try {
      const capture = async (path: string, viewport: { width: number; height: number }) => {
        const result = await scanPage(browser, tab, { url: site.url(path), options: scanOptionsSchema.parse({ viewport }), tags: tagsForLevel("2.2", "AA"), allowedOrigins: new Set([site.origin]) });
        if (!result.ok || !result.pageShot) throw new Error(`no page screenshot of ${path}`);
        expect(jpegSize(result.pageShot.data)).toEqual({ width: result.pageShot.width, height: result.pageShot.height });
        // Element screenshots are regions of the page screenshot, within it.
        for (const box of result.elementBoxes) {
          expect(box.x + box.width).toBeLessThanOrEqual(result.pageShot.width);
          expect(box.y + box.height).toBeLessThanOrEqual(result.pageShot.height);
        }
        return result;
      };
      // Fits the viewport: captured as shown, with the regions of its two images without
      // alternative text, each pointed at by its finding.
      const fits = await capture("/missing-alt", { width: 1280, height: 800 });
      expect(fits.pageShot).toMatchObject({ width: 1280, height: 800 });
      expect(fits.elementBoxes).toHaveLength(2);
      const imageAlt = fits.findings.filter((finding) => finding.ruleId === "image-alt");
      expect(imageAlt.map((finding) => finding.screenshotIndex).sort()).toEqual([0, 1]);
      // The home page at 320x240 runs below the viewport: captured whole.
      const runsBelow = await capture("/", { width: 320, height: 240 });
      expect(runsBelow.pageShot?.width).toBe(320);
      expect(runsBelow.pageShot?.height).toBeGreaterThan(240);
      // Fits the viewport when it loads, then grows with content fetched by a script: captured
      // whole as it is once the network is quiet, its late image without alternative text too.
      const grows = await capture("/grows-after-load", { width: 1280, height: 800 });
      expect(grows.pageShot?.height).toBeGreaterThan(1500);
      const lateImage = grows.findings.find((finding) => finding.ruleId === "image-alt");
      expect(lateImage?.selector).toBe("#late-image");
      expect(grows.elementBoxes[lateImage!.screenshotIndex!]!.y).toBeGreaterThan(1500);
    } finally {
      await tab.close();
    }
  });

  it("merges axe-core's, Siteimprove Alfa's and QualWeb's findings on the same image into one finding with their sources", async () => {
    const tab = new ScanTab();
    try {
      const result = await scanPage(browser, tab, {
        url: site.url("/two-engines"),
        options,
        tags: tagsForLevel("2.2", "AA"),
        allowedOrigins: new Set([site.origin]),
        engines: [alfaEngine, qualwebEngine],
      });
      if (!result.ok) throw new Error(result.error);
      const onImage = result.findings.filter((finding) => finding.wcagCriteria.includes("1.1.1"));
      expect(onImage).toHaveLength(1);
      expect(onImage[0]).toMatchObject({ selector: "#chart", kind: "violation" });
      expect(onImage[0]!.sources.map((source) => `${source.engine} ${source.version} ${source.ruleId}`)).toEqual([
        `axe-core ${result.engineVersion} image-alt`,
        "alfa 0.112.0 sia-r2",
        "qualweb 0.7.5 qw-act-r17",
      ]);
      expect(result.engines).toEqual({ "axe-core": result.engineVersion, alfa: "0.112.0", qualweb: "0.7.5" });
    } finally {
      await tab.close();
    }
  });

  it.each([
    ["a script redirect once a request made after loading answered", "/replaced-after-load", "/missing-alt"],
    ["an immediate meta refresh to another site", "/meta-refresh-away", "/elsewhere-landing"],
    ["a script redirect to another site while loading", "/script-redirect-away", "/elsewhere-landing-too"],
  ])("records a page that navigates itself away (%s) as navigated away, and never follows it", async (_, path, target) => {
    const tab = new ScanTab();
    site.hits.clear();
    try {
      const result = await scan(tab, path);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const targetUrl = path === "/replaced-after-load" ? site.url(target) : `${site.origin.replace("127.0.0.1", "localhost")}${target}`;
      expect(result.error).toBe(navigatedAway(targetUrl));
      expect(site.hits.get(target) ?? 0).toBe(0);
      expect(site.hits.get(path)).toBe(1);
    } finally {
      await tab.close();
    }
  });

  it("scans again, once the network is quiet, a page whose network came alive while axe-core ran", async () => {
    const tab = new ScanTab();
    try {
      const result = await scan(tab, "/busy-while-scanned");
      if (!result.ok) throw new Error(result.error);
      const lateImage = result.findings.find((finding) => finding.ruleId === "image-alt");
      expect(lateImage?.selector).toBe("#late-image");
      expect(lateImage?.screenshotIndex).toBe(0);
    } finally {
      await tab.close();
    }
  });

  it("reports a tab that crashed while loading, and scans the lane's next page", async () => {
    const tab = new ScanTab();
    try {
      const scanning = scan(tab, "/slow");
      const loading = await vi.waitFor(() => {
        const found = browser.contexts().flatMap((context) => context.pages()).find((page) => page.url() === site.url("/slow"));
        if (!found) throw new Error("The page has not started loading yet.");
        return found;
      });
      const cdp = await loading.context().newCDPSession(loading);
      // The renderer dies before it can answer.
      await cdp.send("Page.crash").catch(() => undefined);
      expect(await scanning).toMatchObject({ ok: false, error: "The browser tab crashed while loading or scanning the page." });
      expect(await scan(tab, "/clean")).toMatchObject({ ok: true, findings: [] });
    } finally {
      await tab.close();
    }
  });

  it("reports a redirect off the site instead of scanning it", async () => {
    const tab = new ScanTab();
    try {
      const result = await scanPage(browser, tab, { url: site.url("/clean"), options, tags: ["wcag2a"], allowedOrigins: new Set(["http://other.test"]) });
      expect(result).toMatchObject({ ok: false, error: `Redirected to ${site.url("/clean")}, which is outside the site; not scanned.` });
    } finally {
      await tab.close();
    }
  });
});

describe("error descriptions and selectors", () => {
  it("explains navigation failures", () => {
    expect(describeNavigationError(new Error("page.goto: net::ERR_CERT_AUTHORITY_INVALID at https://x"), 1000)).toBe(
      "TLS error (ERR_CERT_AUTHORITY_INVALID): the site's certificate or TLS setup was rejected.",
    );
    expect(describeNavigationError(new Error("page.goto: Timeout 1000ms exceeded."), 1000)).toBe("The page did not finish loading within 1000 ms.");
    expect(describeNavigationError(new Error("page.goto: net::ERR_NAME_NOT_RESOLVED"), 1000)).toBe("The host name could not be resolved (DNS).");
    expect(describeNavigationError(new Error("page.goto: Download is starting"), 1000)).toBe("The URL is a file download, not an HTML page; not scanned.");
  });

  it("joins frame and shadow-DOM selector parts", () => {
    expect(selectorFromTarget(["#main > img"])).toBe("#main > img");
    expect(selectorFromTarget(["iframe", ["my-widget", "button"]])).toBe("iframe |> my-widget >>> button");
  });
});

/** Width and height from a JPEG's start-of-frame segment. */
function jpegSize(data: Buffer): { width: number; height: number } {
  let offset = 2;
  while (offset < data.length) {
    const marker = data[offset + 1]!;
    const length = data.readUInt16BE(offset + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return { height: data.readUInt16BE(offset + 5), width: data.readUInt16BE(offset + 7) };
    offset += 2 + length;
  }
  throw new Error("Not a JPEG with a frame header.");
}
