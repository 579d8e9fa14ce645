/**
 * The tab a worker lane scans in. Nothing a page leaves behind (cookies, local, session and
 * IndexedDB storage, cache storage, permissions, history) reaches the next page, and nothing
 * is shared between sessions.
 *
 * Each page gets a new tab. Within one session a lane keeps its browser context, so the tab
 * joins the renderer process already running there (the scan browser runs one renderer per
 * context and site, see browser.ts) and axe-core stays compiled and warm in it. The previous
 * tab has scripts disabled in every frame and is frozen, then closed, so neither its timers nor
 * its pagehide/unload handlers (which closing a tab runs, frozen or not) can write anything
 * after the reset; see silence(). The reset then clears the context's cookies and permissions
 * and every storage type of every origin the page's frames were on, and checks no cookie is
 * left; the new tab has a session storage and a history of its own. It runs in the background
 * as soon as a page is released, while the worker stores that page's results.
 *
 * Measured on this 2-core machine (generated fixture pages, axe included, browser CPU per
 * page): reused tab without any reset ~125 ms; new tab in the kept context with the reset
 * ~127 ms; a fresh context per page ~205–215 ms, nearly all of it axe-core compiling and
 * warming up again in a new renderer process (the process itself costs ~15 ms); navigating
 * to about:blank between pages instead of closing the tab ~195 ms.
 *
 * A context is not kept, and the next page starts in a fresh one, when the session or
 * viewport changes, after MAX_PAGES_PER_CONTEXT pages, when the reset fails, and when the
 * previous page ended badly or still had requests in flight (a late response could set a
 * cookie after the reset): page-scan.ts discards the context then.
 */
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";

export type OpenTab = { context: BrowserContext; page: Page; cdp: CDPSession };

const MAX_PAGES_PER_CONTEXT = 100;
const GARBAGE_COLLECTION_EVERY = 10;

type Lane = {
  browser: Browser;
  context: BrowserContext;
  /** Session and viewport the context was made for. */
  key: string;
  pagesOpened: number;
  /** http(s) origins the current tab's frames have been on, to clear before the next page. */
  origins: Set<string>;
  current: OpenTab | undefined;
  /** The next clean tab, being prepared since the current page was released. */
  next: Promise<OpenTab | undefined> | undefined;
};

export type TabRequest = {
  viewport: { width: number; height: number };
  /** State is never shared across partitions (the worker uses one per session). */
  partition: string;
};

export class ScanTab {
  private lane: Lane | undefined;

  constructor(private readonly maxPagesPerContext = MAX_PAGES_PER_CONTEXT) {}

  /** A clean tab for the next page (the previous tab, if any, is closed and its state reset). */
  async acquire(browser: Browser, request: TabRequest): Promise<OpenTab> {
    const key = `${request.partition}|${request.viewport.width}x${request.viewport.height}`;
    const lane = this.lane;
    if (lane && lane.key === key && lane.browser === browser && browser.isConnected() && lane.pagesOpened < this.maxPagesPerContext) {
      const open = await (lane.next ?? this.nextTabIn(lane));
      lane.next = undefined;
      if (open) return open;
    }
    await this.discard();
    const context = await browser.newContext({ viewport: request.viewport, serviceWorkers: "block", acceptDownloads: false });
    const fresh: Lane = { browser, context, key, pagesOpened: 0, origins: new Set(), current: undefined, next: undefined };
    this.lane = fresh;
    return this.openTab(fresh, await context.newPage());
  }

  /** Records an origin the current page's frames were on, so its storage is cleared before the next page. */
  private touched(url: string): void {
    if (!this.lane || !/^https?:/.test(url)) return;
    try {
      this.lane.origins.add(new URL(url).origin);
    } catch {
      // Not a URL with an origin; nothing can have been stored under it.
    }
  }

  /**
   * The current page is done with: its tab is closed and the state reset in the background
   * (while the worker stores the results), so the next acquire() finds a clean tab waiting.
   */
  release(): void {
    const lane = this.lane;
    if (lane && !lane.next && lane.pagesOpened < this.maxPagesPerContext) lane.next = this.nextTabIn(lane);
  }

  /** Closes the tab and its context (cookies, storage, permissions, cache): interrupts anything running in it. */
  async discard(): Promise<void> {
    const lane = this.lane;
    this.lane = undefined;
    await lane?.context.close().catch(() => undefined);
  }

  /** A clean tab in the lane's context, or undefined when the context cannot be kept (a fresh one is made then). */
  private nextTabIn(lane: Lane): Promise<OpenTab | undefined> {
    return this.resetInto(lane).catch(() => undefined);
  }

  private async resetInto(lane: Lane): Promise<OpenTab> {
    // Opened before the previous tab closes, so the renderer process stays up for it.
    const page = await lane.context.newPage();
    const previous = lane.current;
    lane.current = undefined;
    if (previous) {
      // Scripts off in every frame, then frozen, then closed: no handler or timer of the page
      // runs again, so nothing it writes can land after the reset.
      await silence(previous);
      await previous.cdp.send("Page.setWebLifecycleState", { state: "frozen" });
      await previous.page.close();
    }
    const cdp = await lane.context.newCDPSession(page);
    const origins = [...lane.origins];
    lane.origins.clear();
    await Promise.all([
      lane.context.clearCookies(),
      lane.context.clearPermissions(),
      ...origins.map((origin) => cdp.send("Storage.clearDataForOrigin", { origin, storageTypes: "all" })),
    ]);
    // A cookie that still arrived means something outlived the reset: start over in a fresh context.
    if ((await lane.context.cookies()).length > 0) throw new Error("The reset left cookies behind.");
    // The closed tabs' memory is garbage V8 would collect only much later, letting the shared
    // renderer grow by ~3.5 MB a page; collecting now and then (~20 ms) keeps it flat.
    if (lane.pagesOpened % GARBAGE_COLLECTION_EVERY === 0) await cdp.send("HeapProfiler.collectGarbage");
    return this.openTab(lane, page, cdp);
  }

  private async openTab(lane: Lane, page: Page, cdp?: CDPSession): Promise<OpenTab> {
    lane.pagesOpened++;
    page.on("framenavigated", (frame) => this.lane === lane && this.touched(frame.url()));
    const session = cdp ?? (await lane.context.newCDPSession(page));
    // The runtime agent knows the page's default execution context only once enabled
    // (page-scan.ts compiles axe-core into it through this session).
    await session.send("Runtime.enable");
    const open = { context: lane.context, page, cdp: session };
    lane.current = open;
    return open;
  }
}

/*
 * Closing a tab runs its pagehide and unload handlers, in the page and in each of its frames,
 * even when the page is frozen (measured: 20 closes out of 20 set their cookie). With scripts
 * disabled they do not run. Frames of other sites run in processes of their own (out-of-process
 * frames), each with its own DevTools session; the page's setting covers the others.
 */
async function silence(open: OpenTab): Promise<void> {
  const frames = open.page.frames().slice(1);
  const framesOwnSessions = await Promise.all(frames.map((frame) => open.context.newCDPSession(frame).catch(() => undefined)));
  await Promise.all(
    [open.cdp, ...framesOwnSessions.filter((session) => session !== undefined)].map((session) =>
      session.send("Emulation.setScriptExecutionDisabled", { value: true }),
    ),
  );
}
