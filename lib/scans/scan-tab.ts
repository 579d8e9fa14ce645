/**
 * The tabs a worker lane scans in. Nothing a page leaves behind (cookies, local, session and
 * IndexedDB storage, cache storage, permissions, history) reaches the next page, and nothing
 * is shared between sessions.
 *
 * Each page gets a new tab. Within one session a lane keeps one or two browser contexts, and a
 * page's tab joins the renderer process already running in its context (the scan browser runs
 * one renderer per context and site, see browser.ts), so axe-core stays compiled and warm
 * there. With two, they take turns: one is reset while a page is scanned in the other, so the
 * lane never waits for a reset; that pays while the machine has a core to spare for the reset
 * (see the worker). The previous tab has scripts disabled in every frame and is frozen, then
 * closed, so neither its timers nor its pagehide/unload handlers (which closing a tab runs,
 * frozen or not) can write anything after the reset; see silence(). The reset then clears the
 * context's cookies and permissions and every storage type of every origin the page's frames
 * were on, and checks no cookie is left; the new tab, opened while the previous page was
 * scanned, has a session storage and a history of its own.
 *
 * Measured on this 2-core machine (200 generated fixture pages, two lanes; `npm run
 * bench:scan`): waiting for the reset between pages cost ~85 ms a page with one context and the
 * tab opened during the reset, ~35–40 ms with the tab opened in advance, ~3 ms with two contexts.
 * The second context costs a renderer process (~150 MB each, measured as Chromium's RSS), and
 * CPU: with as many lanes as cores, one context per lane scanned 3–10% more pages a minute (7
 * of 8 alternating runs of 200 pages, two lanes on two cores), the reset being done while the
 * other lane has the CPU.
 * Earlier measurements (browser CPU per page): a fresh context per page costs ~80 ms more than
 * a kept one, nearly all of it axe-core compiling and warming up again in a new renderer
 * process; navigating to about:blank between pages instead of closing the tab costs ~70 ms more.
 *
 * A context is not kept, and its next page starts in a fresh one, when the session or
 * viewport changes, after MAX_PAGES_PER_CONTEXT pages, when the reset fails, and when the
 * previous page ended badly or still had requests in flight (a late response could set a
 * cookie after the reset): page-scan.ts discards the context then.
 */
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { scannerUserAgent } from "./robots";
import type { ContextAuth } from "./sign-in";
import { egressProxyFor } from "./egress-proxy";
import { applyNetworkPolicy, type NetworkPolicy } from "@/lib/network/policy";

export type OpenTab = { context: BrowserContext; page: Page; cdp: CDPSession };

const MAX_PAGES_PER_CONTEXT = 100;
const GARBAGE_COLLECTION_EVERY = 20;

type Slot = {
  browser: Browser;
  context: BrowserContext;
  /** Session and viewport the context was made for. */
  key: string;
  pagesOpened: number;
  /** http(s) origins the current tab's frames have been on, to clear before the next page. */
  origins: Set<string>;
  current: OpenTab | undefined;
  /** A blank tab opened while the current page is scanned, for the next page. */
  spare: Promise<BlankTab> | undefined;
  /** Signed-in state put back after every reset (sign-in.ts). */
  auth: ContextAuth | undefined;
  /** The next clean tab, being prepared since the current page was released. */
  next: Promise<OpenTab | undefined> | undefined;
};

type BlankTab = { page: Page; cdp: CDPSession };

export type TabRequest = {
  viewport: { width: number; height: number };
  /** State is never shared across partitions (the worker uses one per session). */
  partition: string;
  /** Signs each context in (a partition per signed-in state, so a new sign-in gets new contexts). */
  auth?: ContextAuth;
};

export type ScanTabOptions = {
  /**
   * 2: contexts take turns, a page is scanned in one while the other, released by the page
   * before, is reset, so the reset is not waited for between pages. 1: the reset runs between
   * pages (their tab is still opened in advance).
   */
  contexts?: 1 | 2;
  maxPagesPerContext?: number;
  /** Where the pages may connect (see lib/network/policy.ts); `onBlocked` hears of each refused request. */
  networkPolicy?: NetworkPolicy;
  onBlocked?: (url: string, reason: string) => void;
};

export class ScanTab {
  private readonly slots: Array<Slot | undefined> = [undefined, undefined];
  private readonly contexts: 1 | 2;
  private readonly maxPagesPerContext: number;
  private readonly options: ScanTabOptions;
  private turn = 0;
  /** The slot of the page being scanned (or acquired). */
  private active: Slot | undefined;

  constructor(options: ScanTabOptions = {}) {
    this.contexts = options.contexts ?? 2;
    this.maxPagesPerContext = options.maxPagesPerContext ?? MAX_PAGES_PER_CONTEXT;
    this.options = options;
  }

  get networkPolicy(): NetworkPolicy | undefined {
    return this.options.networkPolicy;
  }

  /** A clean tab for the next page (the previous tab, if any, is closed and its state reset). */
  async acquire(browser: Browser, request: TabRequest): Promise<OpenTab> {
    const key = `${request.partition}|${request.viewport.width}x${request.viewport.height}`;
    const index = this.turn;
    this.turn = (index + 1) % this.contexts;
    // Contexts made for another session or viewport are not kept.
    await Promise.all(this.slots.map((slot, at) => (slot && slot.key !== key ? this.closeSlot(at) : undefined)));
    const slot = this.slots[index];
    this.active = slot;
    if (slot && slot.browser === browser && browser.isConnected() && slot.pagesOpened < this.maxPagesPerContext) {
      const open = await (slot.next ?? this.nextTabIn(slot));
      slot.next = undefined;
      if (open) return open;
    }
    await this.closeSlot(index);
    const policy = this.options.networkPolicy;
    // Requests are checked twice: intercepted in the context (a refused request fails with a
    // clear error, before any connection) and in the egress proxy (redirect hops, which are not
    // intercepted, and every connection's actual address).
    const proxy = policy ? { server: (await egressProxyFor(policy, this.options.onBlocked)).server } : undefined;
    const context = await browser.newContext({ viewport: request.viewport, serviceWorkers: "block", acceptDownloads: false, userAgent: scannerUserAgent(), proxy });
    if (policy) await applyNetworkPolicy(context, policy, this.options.onBlocked);
    const fresh: Slot = { browser, context, key, auth: request.auth, pagesOpened: 0, origins: new Set(), current: undefined, spare: undefined, next: undefined };
    this.slots[index] = fresh;
    await request.auth?.setup(context);
    this.active = fresh;
    return this.openTab(fresh, await openBlankTab(context));
  }

  /**
   * The current page is done with: its tab is closed and its context reset in the background
   * (while the next page is scanned in the other context), so the acquire() after next finds a
   * clean tab waiting.
   */
  release(): void {
    const slot = this.active;
    this.active = undefined;
    if (slot && !slot.next && slot.pagesOpened < this.maxPagesPerContext) slot.next = this.nextTabIn(slot);
  }

  /**
   * Closes the current page's tab and context (cookies, storage, permissions, cache):
   * interrupts anything running in it.
   */
  async discard(): Promise<void> {
    // The active slot is always one of the two: closing a slot also clears `active`.
    const index = this.active ? this.slots.indexOf(this.active) : -1;
    if (index >= 0) await this.closeSlot(index);
  }

  /** Closes both contexts: nothing stays open. */
  async close(): Promise<void> {
    this.active = undefined;
    await Promise.all([this.closeSlot(0), this.closeSlot(1)]);
  }

  private async closeSlot(index: number): Promise<void> {
    const slot = this.slots[index];
    this.slots[index] = undefined;
    if (this.active === slot) this.active = undefined;
    await slot?.context.close().catch(() => undefined);
  }

  /** A clean tab in the slot's context, or undefined when the context cannot be kept (a fresh one is made then). */
  private nextTabIn(slot: Slot): Promise<OpenTab | undefined> {
    return this.resetInto(slot).catch(() => undefined);
  }

  private async resetInto(slot: Slot): Promise<OpenTab> {
    // Opened before the previous tab closes, so the renderer process stays up for it.
    const blank = await (slot.spare ?? openBlankTab(slot.context));
    slot.spare = undefined;
    const previous = slot.current;
    slot.current = undefined;
    if (previous) {
      // Scripts off in every frame, then frozen, then closed: no handler or timer of the page
      // runs again, so nothing it writes can land after the reset. One step after the other:
      // with the first two sent together and the close run alongside the clearing below, a page
      // writing state every 2 ms left some behind in 4 of 80 resets; in sequence, in none.
      await silence(previous);
      await previous.cdp.send("Page.setWebLifecycleState", { state: "frozen" });
      await previous.page.close();
    }
    const { page, cdp } = blank;
    const origins = [...slot.origins];
    slot.origins.clear();
    const clear = () =>
      Promise.all([
        slot.context.clearCookies(),
        slot.context.clearPermissions(),
        ...origins.map((origin) => cdp.send("Storage.clearDataForOrigin", { origin, storageTypes: "all" })),
      ]);
    await clear();
    // Writes the closed page made just before it was silenced travel to the network and storage
    // services on channels of their own and can land after the first clearing (seen once in a
    // full test run's load: a cookie and a local-storage item of the previous page). After a
    // round trip through the renderer they have been sent; clearing again removes them.
    await cdp.send("Runtime.evaluate", { expression: "0" });
    await clear();
    // A cookie that still arrived means something outlived the reset: start over in a fresh context.
    if ((await slot.context.cookies()).length > 0) throw new Error("The reset left cookies behind.");
    // Then the signed-in state comes back, the same for every page.
    await slot.auth?.restore(slot.context);
    // The closed tabs' memory is garbage V8 would collect only much later, letting the shared
    // renderer grow by ~3.5 MB a page; collecting now and then keeps it flat. Not often: this
    // collection also drops the renderer's compiled code, so the next page compiles axe-core
    // again (measured on a slow day here: ~80 ms of renderer CPU to collect, ~110 ms more for
    // the next page's axe-core).
    if (slot.pagesOpened % GARBAGE_COLLECTION_EVERY === 0) await cdp.send("HeapProfiler.collectGarbage");
    return this.openTab(slot, { page, cdp });
  }

  private openTab(slot: Slot, { page, cdp }: BlankTab): OpenTab {
    slot.pagesOpened++;
    page.on("framenavigated", (frame) => touched(slot, frame.url()));
    const open = { context: slot.context, page, cdp };
    slot.current = open;
    // Opening a tab is the slowest step of the reset (~35 ms): the next page's is opened now,
    // while this page is scanned, instead of between the two pages.
    if (slot.pagesOpened < this.maxPagesPerContext) {
      slot.spare = openBlankTab(slot.context);
      slot.spare.catch(() => undefined);
    }
    return open;
  }
}

/** Records an origin a page's frames were on, so its storage is cleared before the context's next page. */
function touched(slot: Slot, url: string): void {
  if (!/^https?:/.test(url)) return;
  try {
    slot.origins.add(new URL(url).origin);
  } catch {
    // Not a URL with an origin; nothing can have been stored under it.
  }
}

async function openBlankTab(context: BrowserContext): Promise<BlankTab> {
  const page = await context.newPage();
  // Its runtime agent is not enabled: the engines work in isolated worlds they create, by id,
  // and an enabled agent would send this session every console message and context of the page.
  const cdp = await context.newCDPSession(page);
  return { page, cdp };
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
