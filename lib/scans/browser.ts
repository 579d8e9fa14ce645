/**
 * The scanning browser: one Chromium per worker process, relaunched if it dies. Every page is
 * scanned in a clean tab (see scan-tab.ts).
 */
import { chromium, type Browser } from "playwright-core";
import { resolveChromium } from "@/lib/browser/chromium";

/*
 * With a process limit, a new tab goes into the live renderer of its browser context that
 * already hosts its site (site isolation still holds: other sites and other contexts get
 * their own processes). Without it every tab would start a renderer and compile axe-core anew.
 */
const SCAN_ARGS = ["--renderer-process-limit=1"];

export async function launchScanBrowser(): Promise<Browser> {
  const launch = await resolveChromium();
  return chromium.launch({ executablePath: launch.executablePath, args: [...launch.args, ...SCAN_ARGS], headless: true });
}

/** Keeps one live browser, relaunching after a crash and every `recycleAfter` pages so memory stays flat. */
export class BrowserHolder {
  private browser: Promise<Browser> | undefined;
  private pagesSinceLaunch = 0;
  private inUse = 0;

  constructor(private readonly recycleAfter = 500) {}

  async acquire(): Promise<Browser> {
    if (this.browser && this.pagesSinceLaunch >= this.recycleAfter && this.inUse === 0) {
      const old = this.browser;
      this.browser = undefined;
      await old.then((browser) => browser.close()).catch(() => undefined);
    }
    if (!this.browser) {
      this.pagesSinceLaunch = 0;
      const launching = launchScanBrowser();
      this.browser = launching;
      launching
        .then((browser) =>
          browser.on("disconnected", () => {
            if (this.browser === launching) this.browser = undefined;
          }),
        )
        .catch(() => {
          if (this.browser === launching) this.browser = undefined;
        });
    }
    const browser = await this.browser;
    this.pagesSinceLaunch++;
    this.inUse++;
    return browser;
  }

  release(): void {
    this.inUse--;
  }

  async close(): Promise<void> {
    const current = this.browser;
    this.browser = undefined;
    await current?.then((browser) => browser.close()).catch(() => undefined);
  }
}
