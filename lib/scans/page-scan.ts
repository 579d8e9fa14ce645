/**
 * Scans one page: in a clean tab (see scan-tab.ts), load with a time limit, wait for the
 * network to go quiet, run axe-core, capture screenshots and collect the page's followable
 * links. Never throws for a bad page: whatever went wrong is returned as a readable reason.
 */
import axe from "axe-core";
import type { Browser, CDPSession, Frame, Page } from "playwright-core";
import { criteriaFromTags, criterionInTags } from "@/lib/wcag/criteria";
import { AXE_CONFIGURE, AXE_SCRIPT, AXE_SCRIPT_NAME, AXE_VERSION } from "./axe-script";
import { engineScript, exceptionText, isolatedWorld, runEngineScript } from "./engine-script";
import { checkRedirects, POLICY_NAME } from "@/lib/network/policy";
import { ScanTab } from "./scan-tab";
import type { ScanOptions } from "./schema";
import type { ContextAuth, PageAuthCheck } from "./sign-in";
import { normalizeUrl } from "./url";
import type { EngineContext, FindingKind, FindingSource, ImpactName, ScanEngine } from "./engines/engine";
import { decideKind } from "./engines/decisions";
import { mergeFindings, type SourcedFinding } from "./engines/merge";

export type { FindingKind, ImpactName } from "./engines/engine";

export type Finding = {
  ruleId: string;
  kind: FindingKind;
  /** Engines (and their rules) that reported this element for these criteria: axe-core first, then the others. */
  sources: FindingSource[];
  impact: ImpactName | null;
  tags: string[];
  wcagCriteria: string[];
  selector: string;
  html: string;
  summary: string | null;
  help: string;
  helpUrl: string;
  /** Index into PageScanSuccess.elementBoxes, when the element is in the page screenshot. */
  screenshotIndex: number | null;
};

export type Shot = { data: Buffer; width: number; height: number; mimeType: "image/jpeg" };

/** A region of the page, or of its screenshot, in CSS pixels. */
export type Box = { x: number; y: number; width: number; height: number };

export type PageScanSuccess = {
  ok: true;
  httpStatus: number;
  title: string;
  finalUrl: string;
  loadMs: number;
  scanMs: number;
  engine: "axe-core";
  engineVersion: string;
  /** Every engine run on the page, axe-core first: id → version. */
  engines: Record<string, string>;
  passes: number;
  incomplete: number;
  findings: Finding[];
  pageShot: Shot | null;
  /**
   * Where failing elements are in pageShot (violations first, one per distinct element, capped
   * per page): their screenshots are these regions of it, cut out when they are viewed.
   */
  elementBoxes: Box[];
  /** Normalised http(s) links without rel=nofollow, in document order; empty under a nofollow robots meta. */
  links: string[];
  /** Scanned signed in (set by signed-in-scan.ts). */
  authenticated?: boolean;
};

export type PageScanFailure = {
  ok: false;
  error: string;
  httpStatus: number | null;
  title: string | null;
  loadMs: number | null;
  /** The page showed the signed-out signal (sign-in.ts), with its masked screenshot. */
  signedOut?: boolean;
  shot?: Shot | null;
  authenticated?: boolean;
};

export type PageScanResult = PageScanSuccess | PageScanFailure;

export type PageScanRequest = {
  url: string;
  options: ScanOptions;
  /** axe-core tags to run (see tagsForLevel). */
  tags: readonly string[];
  /** Origins a redirect may end on; anything else is reported, not scanned. */
  allowedOrigins: ReadonlySet<string>;
  /** Stops the scan (cancel, lost lease, shutdown); the result is then a failure to discard. */
  signal?: AbortSignal;
  /** Pages of different partitions (the worker uses the session id) never share browser state. */
  partition?: string;
  /** Signed in: contexts get the lane's state, and a page showing the signed-out signal is not scanned. */
  auth?: { context: ContextAuth; page: PageAuthCheck };
  /** Engines run after axe-core on the same page (other scanners, own checks), in order. */
  engines?: readonly ScanEngine[];
};

const KNOWN_TAGS = new Set(axe.getRules().flatMap((rule) => rule.tags));
const QUIET_MS = 50;
/** How long a scanned page's last requests may take to end before its context is discarded. */
const DRAIN_MS = 50;
const MAX_PAGE_SHOT_HEIGHT = 8_000;
const SHOT_PADDING = 8;
const PAGE_SHOT_QUALITY = 75;
const MAX_ELEMENT_SHOT_SIZE = { width: 1_600, height: 1_200 };
const MAX_HTML = 2_000;

export function axeTagsFor(tags: readonly string[], includeBestPractices: boolean): string[] {
  const known = tags.filter((tag) => KNOWN_TAGS.has(tag));
  return includeBestPractices ? [...known, "best-practice"] : known;
}

export async function scanPage(browser: Browser, tab: ScanTab, request: PageScanRequest): Promise<PageScanResult> {
  const { options } = request;
  let crashed = false;
  let loadMs: number | null = null;
  let httpStatus: number | null = null;
  let title: string | null = null;
  // Closing the tab makes every pending Playwright call in it reject, which is how a stuck
  // page (or a cancel) interrupts navigation, axe or a screenshot.
  const interrupt = () => void tab.discard();
  const deadlineMs = options.pageTimeoutMs * 2 + options.settleTimeoutMs + 30_000;
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    interrupt();
  }, deadlineMs);
  request.signal?.addEventListener("abort", interrupt, { once: true });
  let page: Page | undefined;
  let network: ReturnType<typeof trackNetwork> | undefined;
  // Whether the browser context may carry on to the lane's next page (after its reset).
  let endedCleanly = false;
  const onCrash = () => {
    crashed = true;
    interrupt();
  };
  try {
    if (request.signal?.aborted) throw new Error("aborted");
    const open = await tab.acquire(browser, { viewport: options.viewport, partition: request.partition ?? "default", auth: request.auth?.context });
    page = open.page;
    page.on("crash", onCrash);
    network = trackNetwork(page);
    const away = holdDocument(page);
    await away.install();
    const loadStart = performance.now();
    let response;
    try {
      // A navigation away stopped while the page loads leaves Playwright waiting for a load
      // that will not come; the page is done with then (its tab is discarded).
      const loading = page.goto(request.url, { waitUntil: "load", timeout: options.pageTimeoutMs });
      loading.catch(() => undefined);
      response = await Promise.race([loading, away.detected]);
    } finally {
      loadMs = Math.round(performance.now() - loadStart);
    }
    if (response === "away") return failure(navigatedAway(away.target()!));
    // From here on the page loaded (whatever its status), so its tab ended normally.
    endedCleanly = true;
    if (!response) return failure("The browser returned no response for this URL.");
    httpStatus = response.status();
    const signedOut = request.auth?.page.signedOut(page, request.url, httpStatus);
    if (signedOut) return { ...failure(signedOut), signedOut: true, shot: await request.auth!.page.capture(page) };
    const refusedHop = tab.networkPolicy ? await checkRedirects(tab.networkPolicy, response.request()) : null;
    if (refusedHop) return failure(`Not scanned: redirected to ${refusedHop}, refused by ${POLICY_NAME}.`);
    const finalUrl = normalizeUrl(page.url()) ?? page.url();
    if (!request.allowedOrigins.has(new URL(finalUrl).origin)) {
      return failure(`Redirected to ${finalUrl}, which is outside the site; not scanned.`);
    }
    if (httpStatus >= 400) return failure(`The server answered HTTP ${httpStatus}${response.statusText() ? ` ${response.statusText()}` : ""}.`);
    if (away.target()) return failure(navigatedAway(away.target()!));
    // The headers the browser reports with the response (no round trip for the raw ones).
    const contentType = response.headers()["content-type"] ?? "";
    if (contentType && !/^\s*(text\/html|application\/xhtml\+xml)/i.test(contentType)) {
      return failure(`Not an HTML page (content type ${contentType.split(";")[0]?.trim()}); not scanned.`);
    }
    // axe-core goes into the page while the network settles (the page's scripts may still be
    // fetching content). Going in, it reads the page's layout, so a page the viewport then
    // showed whole can be captured while axe-core runs.
    const injected = injectAxe(open.cdp).catch(() => undefined);
    const quietSinceLoad = network.quietFromNow();
    const injection = await injected;
    const layoutAtInjection = injection?.layout;
    let world = injection?.world;
    // A page whose network went quiet before its load event, and stayed so while axe-core went
    // in, is scanned at once; the rest of the quiet wait runs alongside axe-core, and if the
    // network came alive meanwhile the page may have changed, so it is scanned again once quiet.
    // Any other page is scanned once its network is quiet.
    const speculative = quietSinceLoad();
    if (!speculative) await network.settle(options.settleTimeoutMs);

    const scanStart = performance.now();
    const runTags = axeTagsFor(request.tags, options.includeBestPractices);
    const camera = openCamera(open.cdp, options.viewport);
    await injectIntoChildFrames(page);
    // The viewport is captured while axe-core works through its rules: that capture does not
    // change the layout, and is drawn while the renderer is busy with axe (~13 ms a page
    // sooner, measured here). It stands if the page still fits the viewport when axe-core
    // starts; any other capture resizes the viewport for a moment, which axe-core must not
    // see, so it waits until axe-core is done.
    let earlyShot = layoutAtInjection && showsWhole(layoutAtInjection, options.viewport) ? camera(pageBoxOf(layoutAtInjection), true) : undefined;
    earlyShot?.catch(() => undefined);
    const run = { tags: runTags, maxBoxes: options.maxElementScreenshots };
    // A document replaced mid-run fails a speculative run; that comes with network activity.
    let raw = await runAxe(open.cdp, world, run).catch((error: unknown) => (speculative && !quietSinceLoad() ? null : Promise.reject(error)));
    if (speculative) {
      await network.settle(options.settleTimeoutMs);
      if (!quietSinceLoad()) {
        earlyShot = undefined;
        await injectIntoChildFrames(page);
        raw = await runAxe(open.cdp, world, run);
      }
    }
    if (!raw) {
      // A script replaced the document while the network settled: axe-core goes into the new one.
      earlyShot = undefined;
      world = (await injectAxe(open.cdp)).world;
      raw = await runAxe(open.cdp, world, run);
      if (!raw) throw new Error("axe-core could not be started in the page.");
    }
    // A navigation begun while the scan ran was stopped, but the document meant it to go.
    if (away.target()) return failure(navigatedAway(away.target()!));
    title = raw.title;
    if (!/^(text\/html|application\/xhtml\+xml)$/.test(raw.contentType)) {
      return failure(`Not an HTML page (document type ${raw.contentType}); not scanned.`);
    }
    const axeVersion = raw.axeVersion || AXE_VERSION;
    const { layout } = raw;
    const pageShot = await (earlyShot && showsWhole(layout, options.viewport) ? earlyShot : camera(pageBoxOf(layout), layout.atTop));
    const engines = request.engines ?? [];
    let findings: Finding[];
    let located = raw.boxes;
    if (engines.length === 0) {
      findings = toFindings(raw, axeVersion).map(({ elementKey: _key, source, ...finding }) => ({ ...finding, sources: [source], screenshotIndex: null }));
    } else {
      const sourced = toFindings(raw, axeVersion);
      sourced.push(...(await runEngines(page, engines, { cdp: open.cdp, options, tags: request.tags, signal: request.signal })));
      const elements = await describeElements(open.cdp, world, [...new Set(sourced.map((finding) => finding.selector))]);
      for (const finding of sourced) finding.elementKey = elements.get(finding.selector)?.key ?? finding.selector;
      findings = mergeFindings(sourced).map(({ elementKey: _key, ...finding }) => ({ ...finding, screenshotIndex: null }));
      located = boxesFor(findings, elements, options.maxElementScreenshots);
    }
    const elementBoxes = locateElements(findings, located, pageShot);
    const scanMs = Math.round(performance.now() - scanStart);
    const links = raw.nofollow ? [] : [...new Set(raw.links.map((link) => normalizeUrl(link)).filter((link) => link !== undefined))];
    return {
      ok: true,
      httpStatus,
      title: raw.title,
      finalUrl,
      loadMs,
      scanMs,
      engine: "axe-core",
      engineVersion: axeVersion,
      engines: { "axe-core": axeVersion, ...Object.fromEntries(engines.map((engine) => [engine.id, engine.version])) },
      passes: raw.passes,
      incomplete: raw.incomplete.length,
      findings,
      pageShot,
      elementBoxes,
      links,
    };
  } catch (error) {
    endedCleanly = false;
    if (request.signal?.aborted) return failure(`Stopped: ${String(request.signal.reason ?? "aborted")}.`);
    if (crashed) return failure("The browser tab crashed while loading or scanning the page.");
    if (timedOut) return failure(`The page did not finish scanning within ${deadlineMs} ms and was stopped.`);
    return failure(describeNavigationError(error, options.pageTimeoutMs));
  } finally {
    clearTimeout(deadline);
    request.signal?.removeEventListener("abort", interrupt);
    page?.off("crash", onCrash);
    // A response still on its way could set a cookie after the next page's reset, so its context
    // is discarded. A request the engines' own work started (QualWeb loads each image it
    // examines again) ends within a few ms; not waiting for it cost a fresh context (a new
    // renderer compiling every engine again) on 15 of 23 of the benchmark's pages with QualWeb.
    const cleanEnd = endedCleanly && !crashed && !timedOut && !request.signal?.aborted;
    const drained = cleanEnd && network ? await network.drained(DRAIN_MS) : false;
    network?.stop();
    if (!cleanEnd || !drained) await tab.discard();
    else tab.release();
  }

  function failure(error: string): PageScanFailure {
    return { ok: false, error, httpStatus, title, loadMs };
  }
}

/*
 * The engines after axe-core, in order, their findings kept within the session's WCAG version
 * and level (findings without criteria are best practices). Engines that would wait idle begin
 * first (the Tab walk, see ScanEngine.prepare), and their waits pass while the others run.
 * Should a script take the page elsewhere meanwhile (its URL changed beyond the fragment: another
 * view of a single-page app), the engine that saw it keeps no finding and no engine runs after.
 */
async function runEngines(page: Page, engines: readonly ScanEngine[], context: EngineContext): Promise<SourcedFinding[]> {
  const { options, tags, signal } = context;
  const found: SourcedFinding[] = [];
  const scannedUrl = page.url().split("#")[0];
  let navigated = false;
  const onNavigated = (frame: Frame) => {
    if (frame === page.mainFrame() && frame.url().split("#")[0] !== scannedUrl) navigated = true;
  };
  page.on("framenavigated", onNavigated);
  try {
    for (const engine of engines) await engine.prepare?.(page, context);
    for (const engine of engines) {
      if (signal?.aborted) throw new Error("aborted");
      const findings = await engine.run(page, context);
      if (navigated) break;
      for (const finding of findings) {
        const wcagCriteria = finding.wcagCriteria.filter((criterion) => criterionInTags(criterion, tags));
        if (finding.wcagCriteria.length > 0 ? wcagCriteria.length === 0 : !options.includeBestPractices) continue;
        found.push({
          ...finding,
          wcagCriteria,
          kind: decideKind(engine.id, finding.ruleId, finding.kind),
          elementKey: finding.selector,
          source: { engine: engine.id, version: engine.version, ruleId: finding.ruleId, kind: finding.kind },
        });
      }
    }
  } finally {
    page.off("framenavigated", onNavigated);
  }
  return found;
}

export function navigatedAway(url: string): string {
  return `Navigated away to ${url} after loading (a refresh or script redirect); not scanned, so nothing of that document is filed under this URL.`;
}

/*
 * The listed URL's document is the one scanned, never another: the page's own navigation (and
 * its HTTP redirects, which the browser follows without routing them) goes ahead, any later
 * navigation of the top frame (an immediate meta refresh, a script redirect, whatever the site)
 * is stopped before its request leaves — aborted, so the browser keeps the current document
 * rather than showing an error page — and remembered: the page is then recorded as navigated
 * away instead of scanned. Other requests go on to the context's handlers (network policy,
 * sign-in headers).
 */
function holdDocument(page: Page) {
  let first = true;
  let target: string | undefined;
  let detect: (away: "away") => void = () => undefined;
  const detected = new Promise<"away">((resolve) => (detect = resolve));
  return {
    /** Settles once the top frame tried to navigate away. */
    detected,
    install: () =>
      page.route("**/*", (route) => {
        const request = route.request();
        if (!request.isNavigationRequest() || request.frame() !== page.mainFrame()) return route.fallback();
        if (first) {
          first = false;
          return route.fallback();
        }
        target ??= request.url();
        detect("away");
        return route.abort("aborted");
      }),
    target: () => target,
  };
}

/** Turns Playwright/Chromium navigation errors into reasons a tester can act on. */
export function describeNavigationError(error: unknown, pageTimeoutMs: number): string {
  const message = error instanceof Error ? error.message : String(error);
  const netError = /net::(ERR_[A-Z_]+)/.exec(message)?.[1];
  if (/Timeout \d+ms exceeded/i.test(message)) return `The page did not finish loading within ${pageTimeoutMs} ms.`;
  if (netError === "ERR_TOO_MANY_REDIRECTS") return "Too many redirects (a redirect loop); not scanned.";
  if (netError && /^ERR_(CERT|SSL)_/.test(netError)) return `TLS error (${netError}): the site's certificate or TLS setup was rejected.`;
  if (netError === "ERR_BLOCKED_BY_CLIENT") return `Not scanned: the address is refused by ${POLICY_NAME}.`;
  if (netError === "ERR_NAME_NOT_RESOLVED") return "The host name could not be resolved (DNS).";
  if (netError === "ERR_CONNECTION_REFUSED") return "The server refused the connection.";
  if (netError === "ERR_CONNECTION_RESET" || netError === "ERR_EMPTY_RESPONSE") return `The server closed the connection (${netError}).`;
  if (netError === "ERR_ABORTED" || /Download is starting/i.test(message)) return "The URL is a file download, not an HTML page; not scanned.";
  if (/Target (page|crashed)|has been closed/i.test(message)) return "The browser tab closed unexpectedly while scanning the page.";
  if (netError) return `The page could not be loaded (${netError}).`;
  return `The page could not be scanned: ${message.split("\n")[0]?.replace(/^[\w.]+: /, "")}`;
}

/**
 * Waits until no request has been in flight for QUIET_MS (so content fetched by scripts after
 * the load event is there), or until `limitMs` passes: some pages poll forever.
 */
function trackNetwork(page: Page) {
  let inFlight = 0;
  let changes = 0;
  let lastChange = performance.now();
  let wake: (() => void) | undefined;
  const changed = () => {
    changes++;
    lastChange = performance.now();
    wake?.();
  };
  const started = () => {
    inFlight++;
    changed();
  };
  const ended = () => {
    inFlight = Math.max(0, inFlight - 1);
    changed();
  };
  page.on("request", started);
  page.on("requestfinished", ended);
  page.on("requestfailed", ended);
  /** Resolves at the next request started or ended, or after `waitMs`. */
  const nextChange = async (waitMs: number) => {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(1, waitMs));
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = undefined;
  };
  return {
    async settle(limitMs: number) {
      const until = performance.now() + limitMs;
      while (performance.now() < until) {
        const quietFor = performance.now() - lastChange;
        if (inFlight === 0 && quietFor >= QUIET_MS) return;
        await nextChange(Math.min(until - performance.now(), inFlight === 0 ? QUIET_MS - quietFor : limitMs));
      }
    },
    inFlight: () => inFlight,
    /** Waits, at most `limitMs`, until no request is in flight; returns whether none is. */
    async drained(limitMs: number): Promise<boolean> {
      const until = performance.now() + limitMs;
      while (inFlight > 0 && performance.now() < until) await nextChange(until - performance.now());
      return inFlight === 0;
    },
    /** A check that no request is in flight and none has started or ended since this call. */
    quietFromNow() {
      const since = changes;
      return () => inFlight === 0 && changes === since;
    },
    stop() {
      page.off("request", started);
      page.off("requestfinished", ended);
      page.off("requestfailed", ended);
    },
  };
}

/*
 * axe-core goes into an isolated world of the tab's top document (its own globals over the same
 * DOM, as an extension's content script has), so nothing the page's scripts do to their globals
 * (window.axe, Array.prototype, document.querySelectorAll, JSON) reaches axe-core or its
 * results. The tab reads it from its file (engine-script.ts), and V8 finds it in the
 * compilation cache of the renderer (shared by the lane's tabs) instead of compiling it again
 * for every page as page.evaluate() does. Returns that document's layout and the world's
 * execution context.
 */
async function injectAxe(cdp: CDPSession): Promise<{ layout: PageLayout; world: number }> {
  const world = await isolatedWorld(cdp, AXE_WORLD);
  return { layout: (await runEngineScript(cdp, world, AXE_THEN_LAYOUT)) as PageLayout, world };
}

const AXE_WORLD = "clearsight-axe";

/**
 * Child frames are checked by axe through messages from the top frame, so each gets axe-core;
 * a frame that has gone away or refuses scripts is simply not checked.
 */
async function injectIntoChildFrames(page: Page): Promise<void> {
  await Promise.all(
    page
      .frames()
      .slice(1)
      .map((frame) =>
        (async () => {
          if (!(await frame.evaluate("!!window.axe"))) await frame.evaluate(AXE_SCRIPT);
        })().catch(() => undefined),
      ),
  );
}

/**
 * Runs axe-core in its isolated world; null when that world is gone or has no axe-core (the
 * page's document was replaced).
 */
async function runAxe(cdp: CDPSession, world: number | undefined, run: { tags: string[]; maxBoxes: number }): Promise<RawResult | null> {
  if (world === undefined) return null;
  let answer;
  try {
    answer = await cdp.send("Runtime.callFunctionOn", {
      functionDeclaration: RUN_AXE_SOURCE,
      executionContextId: world,
      arguments: [{ value: run }],
      awaitPromise: true,
      returnByValue: true,
    });
  } catch (error) {
    if (/Cannot find context with specified id/i.test(error instanceof Error ? error.message : String(error))) return null;
    throw error;
  }
  if (answer.exceptionDetails) throw new Error(`axe-core failed in the page: ${exceptionText(answer.exceptionDetails)}`);
  return answer.result.value as RawResult | null;
}

type PageLayout = {
  documentWidth: number;
  documentHeight: number;
  /** The page is not scrolled, so the viewport shows the top of the document. */
  atTop: boolean;
};

const LAYOUT_SOURCE = `({
  documentWidth: Math.max(document.documentElement.scrollWidth, window.innerWidth),
  documentHeight: Math.max(document.documentElement.scrollHeight, window.innerHeight),
  atTop: window.scrollX === 0 && window.scrollY === 0,
})`;

/** axe-core, then the layout as the script's value: one fixed script, so its compilation is reused. */
const AXE_THEN_LAYOUT = engineScript(AXE_SCRIPT_NAME, ["axe-core/axe.min.js"], `${AXE_CONFIGURE}\n${LAYOUT_SOURCE}`);

function showsWhole(layout: PageLayout, viewport: { width: number; height: number }): boolean {
  return layout.atTop && layout.documentWidth <= viewport.width && layout.documentHeight <= viewport.height;
}

/** The page's screenshot region: the whole document, up to MAX_PAGE_SHOT_HEIGHT (the viewport when it shows the page whole). */
function pageBoxOf(layout: PageLayout): Box {
  return { x: 0, y: 0, width: layout.documentWidth, height: Math.min(layout.documentHeight, MAX_PAGE_SHOT_HEIGHT) };
}

type RawNode = { target: unknown[]; html: string; failureSummary: string | null; impact: string | null };
type RawRule = { id: string; impact: string | null; tags: string[]; help: string; helpUrl: string; nodes: RawNode[] };
type RawResult = {
  /** The page's layout when axe-core started. */
  layout: PageLayout;
  axeVersion: string;
  title: string;
  contentType: string;
  nofollow: boolean;
  links: string[];
  /** Where the first distinct failing elements are in the document (see RUN_AXE_SOURCE). */
  boxes: Array<Box & { selector: string }>;
  passes: number;
  violations: RawRule[];
  incomplete: RawRule[];
};

/*
 * Runs inside the page. Kept as plain JavaScript text rather than a function: transpilers
 * (tsx/esbuild) wrap named functions in helpers that do not exist in the page.
 */
const RUN_AXE_SOURCE = `async ({ tags, maxBoxes }) => {
  if (!window.axe) return null;
  const layout = ${LAYOUT_SOURCE};
  const results = await window.axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations", "incomplete"],
    elementRef: false,
    ancestry: false,
    xpath: false,
    iframes: true,
  });
  const slim = (rule) => ({
    id: rule.id,
    impact: rule.impact ?? null,
    tags: rule.tags,
    help: rule.help,
    helpUrl: rule.helpUrl,
    nodes: rule.nodes.map((node) => ({
      target: node.target,
      html: node.html,
      impact: node.impact ?? null,
      failureSummary: node.failureSummary || [...node.any, ...node.all, ...node.none].map((check) => check.message).join("\\n") || null,
    })),
  });
  // The first maxBoxes distinct elements, violations first, in the top document's light DOM
  // (the only ones querySelector finds from here), for their screenshots.
  const boxes = [];
  const seen = new Set();
  for (const node of [...results.violations, ...results.incomplete].flatMap((rule) => rule.nodes)) {
    if (boxes.length >= maxBoxes) break;
    const selector = node.target.length === 1 && typeof node.target[0] === "string" ? node.target[0] : null;
    if (!selector || seen.has(selector)) continue;
    seen.add(selector);
    const rect = document.querySelector(selector)?.getBoundingClientRect();
    if (!rect || rect.width < 1 || rect.height < 1) continue;
    boxes.push({ selector, x: rect.left + window.scrollX, y: rect.top + window.scrollY, width: rect.width, height: rect.height });
  }
  const robots = document.querySelector('meta[name="robots" i]')?.getAttribute("content") ?? "";
  const anchors = Array.from(document.querySelectorAll("a[href], area[href]"));
  return {
    layout,
    axeVersion: window.axe.version,
    title: document.title,
    contentType: document.contentType,
    nofollow: /\\bnofollow\\b|\\bnone\\b/i.test(robots),
    links: anchors.filter((anchor) => !/\\bnofollow\\b/i.test(anchor.rel)).map((anchor) => anchor.href),
    boxes,
    passes: results.passes.length,
    violations: results.violations.map(slim),
    incomplete: results.incomplete.map(slim),
  };
}`;

const IMPACTS = new Set<string>(["minor", "moderate", "serious", "critical"]);

function toImpact(value: string | null): ImpactName | null {
  return value && IMPACTS.has(value) ? (value as ImpactName) : null;
}

/** axe targets are per frame, and within a frame per shadow root; joined into one readable selector. */
export function selectorFromTarget(target: readonly unknown[]): string {
  return target.map((part) => (Array.isArray(part) ? part.join(" >>> ") : String(part))).join(" |> ");
}

function toFindings(raw: RawResult, version: string): SourcedFinding[] {
  const findings: SourcedFinding[] = [];
  const add = (rules: RawRule[], kind: FindingKind) => {
    for (const rule of rules) {
      const wcagCriteria = criteriaFromTags(rule.tags);
      for (const node of rule.nodes) {
        const selector = selectorFromTarget(node.target);
        findings.push({
          ruleId: rule.id,
          kind,
          elementKey: selector,
          source: { engine: "axe-core", version, ruleId: rule.id, kind },
          impact: toImpact(node.impact ?? rule.impact),
          tags: rule.tags,
          wcagCriteria,
          selector,
          html: truncateHtml(node.html),
          summary: node.failureSummary,
          help: rule.help,
          helpUrl: rule.helpUrl,
        });
      }
    }
  };
  add(raw.violations, "violation");
  add(raw.incomplete, "needs_review");
  return findings;
}

export function truncateHtml(html: string): string {
  return html.length > MAX_HTML ? `${html.slice(0, MAX_HTML)}…` : html;
}

type ElementInPage = { key: string; box: Box | null };

/*
 * Where each selector's element is in the top document: a key that is the same for the same
 * element whichever engine's selector named it (its position in the element tree), and its
 * box for the element screenshots. Selectors into frames and shadow roots keep their own text
 * as the key.
 */
const DESCRIBE_ELEMENTS_SOURCE = `(selectors) => selectors.map((selector) => {
  if (selector.includes(" |> ") || selector.includes(" >>> ")) return null;
  let element = null;
  try { element = document.querySelector(selector); } catch { return null; }
  if (!element) return null;
  const path = [];
  for (let node = element; node.parentElement; node = node.parentElement) path.push(Array.prototype.indexOf.call(node.parentElement.children, node));
  const rect = element.getBoundingClientRect();
  const box = rect.width >= 1 && rect.height >= 1 ? { x: rect.left + window.scrollX, y: rect.top + window.scrollY, width: rect.width, height: rect.height } : null;
  return { key: "/" + path.reverse().join("/"), box };
})`;

/** Described in axe-core's world (which the page's scripts cannot reach). */
async function describeElements(cdp: CDPSession, world: number | undefined, selectors: string[]): Promise<Map<string, ElementInPage>> {
  if (world === undefined) throw new Error("axe-core's world is gone.");
  const answer = await cdp.send("Runtime.callFunctionOn", { functionDeclaration: DESCRIBE_ELEMENTS_SOURCE, executionContextId: world, arguments: [{ value: selectors }], returnByValue: true });
  if (answer.exceptionDetails) throw new Error(`Finding the elements failed in the page: ${exceptionText(answer.exceptionDetails)}`);
  const described = answer.result.value as Array<ElementInPage | null>;
  const elements = new Map<string, ElementInPage>();
  selectors.forEach((selector, index) => {
    const element = described[index];
    if (element) elements.set(selector, element);
  });
  return elements;
}

/** The boxes of the first `max` distinct elements, violations first (as axe-core's own boxes are chosen). */
function boxesFor(findings: readonly Finding[], elements: ReadonlyMap<string, ElementInPage>, max: number): RawResult["boxes"] {
  const boxes: RawResult["boxes"] = [];
  const seen = new Set<string>();
  const ordered = [...findings.filter((finding) => finding.kind === "violation"), ...findings.filter((finding) => finding.kind !== "violation")];
  for (const finding of ordered) {
    if (boxes.length >= max) break;
    const element = elements.get(finding.selector);
    if (!element?.box || seen.has(element.key)) continue;
    seen.add(element.key);
    boxes.push({ selector: finding.selector, ...element.box });
  }
  return boxes;
}

/**
 * Regions of the page screenshot showing the failing elements, padded and clipped to the
 * screenshot; findings point at theirs (several findings can share one element).
 */
function locateElements(findings: Finding[], located: RawResult["boxes"], pageShot: Shot): Box[] {
  const boxes: Box[] = [];
  const indexBySelector = new Map<string, number>();
  for (const { selector, ...box } of located) {
    const region = clipTo(box, pageShot);
    if (!region) continue;
    indexBySelector.set(selector, boxes.length);
    boxes.push(region);
  }
  for (const finding of findings) finding.screenshotIndex = indexBySelector.get(finding.selector) ?? null;
  return boxes;
}

function clipTo(box: Box, shot: { width: number; height: number }): Box | undefined {
  const x = Math.max(0, Math.floor(box.x - SHOT_PADDING));
  const y = Math.max(0, Math.floor(box.y - SHOT_PADDING));
  const width = Math.min(Math.ceil(box.width + SHOT_PADDING * 2), MAX_ELEMENT_SHOT_SIZE.width, shot.width - x);
  const height = Math.min(Math.ceil(box.height + SHOT_PADDING * 2), MAX_ELEMENT_SHOT_SIZE.height, shot.height - y);
  return width >= 1 && height >= 1 ? { x, y, width, height } : undefined;
}

function isViewport(box: Box, viewport: { width: number; height: number }): boolean {
  return box.x === 0 && box.y === 0 && box.width === viewport.width && box.height === viewport.height;
}

/** Captures a region of the page; `atTop` says the page is not scrolled. */
type Camera = (clip: Box, atTop: boolean) => Promise<Shot>;

/*
 * Screenshots through the DevTools protocol rather than page.screenshot(): Playwright's
 * full-page and clipped captures resize the viewport (a relayout and repaint of the whole page)
 * on every call, which made screenshots the most expensive part of a scan.
 */
function openCamera(cdp: CDPSession, viewport: { width: number; height: number }): Camera {
  return async (clip, atTop) => {
    const box = { x: Math.floor(clip.x), y: Math.floor(clip.y), width: Math.max(1, Math.ceil(clip.width)), height: Math.max(1, Math.ceil(clip.height)) };
    const beyond = box.x + box.width > viewport.width || box.y + box.height > viewport.height;
    // The whole viewport is captured as it is; a clip makes the browser emulate a viewport of
    // that size and position for the capture (~20 ms more browser CPU a page, measured here).
    const wholeViewport = atTop && isViewport(box, viewport);
    const { data } = await cdp.send("Page.captureScreenshot", {
      format: "jpeg",
      quality: PAGE_SHOT_QUALITY,
      ...(wholeViewport ? {} : { clip: { ...box, scale: 1 }, captureBeyondViewport: beyond }),
      optimizeForSpeed: true,
    });
    return { data: Buffer.from(data, "base64"), width: box.width, height: box.height, mimeType: "image/jpeg" };
  };
}
