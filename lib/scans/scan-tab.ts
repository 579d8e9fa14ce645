/**
 * The tab a worker lane scans in. Every page gets a fresh browser context, so nothing (cookies,
 * storage, permissions, cache, history) carries over from the previous page.
 *
 * Measured on this 2-core machine (generated fixture pages, axe included, browser CPU per page
 * including exited renderer processes): reused tab without any reset ~160–185 ms; fresh context
 * per page ~290–340 ms (a new renderer process each time); reused tab reset by unloading to
 * about:blank and clearing cookies, permissions and origin storage ~345–520 ms (the blank
 * document costs a renderer swap too). Not the ~1 s feared, and the fresh context is both the
 * cheaper of the safe options and the simpler guarantee. A reset that skips unloading the
 * previous document is cheap but lets its timers write storage after the clear, so it is not
 * used. `acquire()` closes the previous context and opens the next one.
 */
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";

export type OpenTab = { context: BrowserContext; page: Page; cdp: CDPSession };

export class ScanTab {
  private open: OpenTab | undefined;

  /** A new context and tab with the given viewport, on `browser` (closing any previous one). */
  async acquire(browser: Browser, viewport: { width: number; height: number }): Promise<OpenTab> {
    await this.discard();
    const context = await browser.newContext({ viewport, serviceWorkers: "block", acceptDownloads: false });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    this.open = { context, page, cdp };
    return this.open;
  }

  /** Closes the tab and its context (cookies, storage, permissions, cache): interrupts anything running in it. */
  async discard(): Promise<void> {
    const open = this.open;
    this.open = undefined;
    await open?.context.close().catch(() => undefined);
  }
}
