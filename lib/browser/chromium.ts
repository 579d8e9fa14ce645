/**
 * Finds a Chromium to drive, so a fresh clone needs no browser download: an explicit path
 * (CHROMIUM_PATH), Playwright's own browser if one was installed, a system Chromium, and
 * finally the one shipped inside the @sparticuz/chromium npm package.
 */
import { accessSync, constants } from "node:fs";
import { readEnv } from "@/lib/env";

export type ChromiumLaunch = { executablePath: string; args: string[]; source: string };

const SYSTEM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

// Needed as root and on machines without outbound network (see the toolchain notes).
const COMMON_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--no-first-run",
  "--disable-quic",
];

function isExecutable(file: string | undefined): file is string {
  if (!file) return false;
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function playwrightBrowser(): Promise<string | undefined> {
  try {
    const { chromium } = await import("playwright-core");
    const file = chromium.executablePath();
    return isExecutable(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

let resolved: Promise<ChromiumLaunch> | undefined;

export function resolveChromium(): Promise<ChromiumLaunch> {
  resolved ??= (async () => {
    const explicit = readEnv().CHROMIUM_PATH;
    if (explicit) {
      if (!isExecutable(explicit)) throw new Error(`CHROMIUM_PATH=${explicit} is not an executable file.`);
      return { executablePath: explicit, args: COMMON_ARGS, source: "CHROMIUM_PATH" };
    }
    const installed = await playwrightBrowser();
    if (installed) return { executablePath: installed, args: COMMON_ARGS, source: "playwright" };
    const system = SYSTEM_CANDIDATES.find(isExecutable);
    if (system) return { executablePath: system, args: COMMON_ARGS, source: "system" };
    const sparticuz = (await import("@sparticuz/chromium")).default;
    const executablePath = await sparticuz.executablePath();
    // Its own argument list targets AWS Lambda: --single-process crashes the browser when a
    // context closes, and --disable-web-security / --allow-running-insecure-content would make
    // pages behave unlike a visitor's browser, changing what an audit finds.
    return { executablePath, args: COMMON_ARGS, source: "@sparticuz/chromium" };
  })();
  return resolved;
}
