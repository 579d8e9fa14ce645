/**
 * Signing the scanner in with an auth config. A worker lane signs in once (in a throwaway
 * browser context), keeps the resulting storage state, and every context it scans in gets that
 * state back after each reset (see scan-tab.ts), so pages stay isolated from each other but all
 * see the signed-in site. A page that shows the signed-out signal (redirected to the login page
 * or off the config's domain, or HTTP 401) makes the lane sign in again, at most
 * MAX_SIGN_INS_PER_LANE times a scan; a page that stays signed out is an error, never scored.
 *
 * Secrets are decrypted by the caller just before use and live only in this lane's memory; every
 * message this module produces has them replaced, and screenshots are taken with password
 * inputs (and any input holding a secret) emptied and masked.
 */
import { Secret, TOTP } from "otpauth";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { AuthConfigCredentials } from "@/lib/auth-configs/queries";
import { isOnDomain, type CustomStep, type SuccessCheck } from "@/lib/auth-configs/schema";
import { STEP_TYPES } from "@/lib/auth-configs/types";
import type { Shot } from "./page-scan";
import { scannerUserAgent } from "./robots";

export const MAX_SIGN_INS_PER_LANE = 3;
const DEFAULT_STEP_TIMEOUT_MS = 10_000;
/** Types whose sign-in runs in a page (the others only attach headers or cookies). */
const SIGNS_IN_WITH_A_PAGE: readonly string[] = ["form", ...STEP_TYPES];
/** Links a signed-in crawl never follows, whatever the config lists. */
export const DEFAULT_LOGOUT_PATTERN = /(log|sign)[-_ ]?(out|off)\b|logout|signout|end[-_]?session/i;

export type StepOutcome = { step: number; action: string; ok: boolean; ms: number; error?: string };

export type SignInOutcome = {
  ok: boolean;
  steps: StepOutcome[];
  finalUrl: string | null;
  /** "step N (what): what happened", when not ok. */
  error?: string;
  /** The landing page, masked (Test login shows it; a failed scan sign-in stores it). */
  shot: Shot | null;
  state: StorageState | null;
  /** Origins the sign-in's top frame went through (the site, and an identity provider if any). */
  origins: string[];
};

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

type PlannedStep = { action: string; label: string; timeoutMs: number; run: (page: Page, timeoutMs: number) => Promise<void> };

type Settings = {
  usernameSelector?: string;
  passwordSelector?: string;
  submitSelector?: string;
  successCheck?: SuccessCheck;
  headerName?: string;
  queryParam?: string;
  cookies?: Array<{ name: string; domain?: string; path?: string }>;
  steps?: CustomStep[];
  logoutPatterns?: string[];
  stepTimeoutMs?: number;
};

const settingsOf = (config: AuthConfigCredentials) => (config.settings ?? {}) as Settings;

/** The values no message, log line or screenshot may show. */
function secretsOf(config: AuthConfigCredentials, extra: readonly string[] = []): string[] {
  return [config.secret, config.totpSecret, ...extra].filter((value): value is string => typeof value === "string" && value.length > 0);
}

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join("••••");
  return out;
}

export function totpCode(base32Secret: string, at = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(base32Secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: at });
}

/** Where the site asks people to sign in: the login page, or the first page the steps open. */
export function loginPageOf(config: AuthConfigCredentials): string | null {
  if (config.loginPage) return config.loginPage;
  const first = settingsOf(config).steps?.find((step) => step.action === "goto");
  return first && first.action === "goto" ? first.url : null;
}

function describeCheck(check: SuccessCheck): string {
  if (check.kind === "url_contains") return `success check: URL contains "${check.value}"`;
  if (check.kind === "selector_visible") return `success check: ${check.value} visible`;
  return `success check: text "${check.value}" present`;
}

function checkStep(check: SuccessCheck, timeoutMs: number): PlannedStep {
  return {
    action: "success_check",
    label: describeCheck(check),
    timeoutMs,
    run: async (page, timeout) => {
      try {
        if (check.kind === "url_contains") await page.waitForURL((url) => url.href.includes(check.value), { timeout });
        else if (check.kind === "selector_visible") await page.locator(check.value).first().waitFor({ state: "visible", timeout });
        else await page.getByText(check.value).first().waitFor({ state: "visible", timeout });
      } catch {
        throw new Error(`not signed in after ${timeout} ms; the page is at ${page.url()}${await visibleError(page)}`);
      }
    },
  };
}

/** A short hint from the page (its alert or error text), for a sign-in that did not work. */
async function visibleError(page: Page): Promise<string> {
  const text = await page
    .locator('[role=alert], .error, .alert, [aria-live="assertive"]')
    .first()
    .innerText({ timeout: 1_000 })
    .catch(() => "");
  const line = text.trim().split("\n")[0]?.slice(0, 200);
  return line ? ` and says "${line}"` : "";
}

async function gotoStep(page: Page, url: string, timeout: number) {
  const response = await page.goto(url, { waitUntil: "load", timeout });
  const status = response?.status() ?? 0;
  if (status >= 400) throw new Error(`the server answered HTTP ${status}`);
}

function planSteps(config: AuthConfigCredentials, secrets: string[]): PlannedStep[] {
  const settings = settingsOf(config);
  const timeoutMs = settings.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  const type = config.type;
  if (type === "form") {
    const loginPage = config.loginPage ?? config.url ?? `https://${config.domain}/`;
    const steps: PlannedStep[] = [
      { action: "goto", label: `open ${loginPage}`, timeoutMs, run: (page, timeout) => gotoStep(page, loginPage, timeout) },
      { action: "fill", label: `fill ${settings.usernameSelector} with the username`, timeoutMs, run: (page, timeout) => page.locator(settings.usernameSelector!).first().fill(config.username ?? "", { timeout }) },
      { action: "fill", label: `fill ${settings.passwordSelector} with the password`, timeoutMs, run: (page, timeout) => page.locator(settings.passwordSelector!).first().fill(config.secret ?? "", { timeout }) },
      { action: "click", label: `click ${settings.submitSelector}`, timeoutMs, run: (page, timeout) => page.locator(settings.submitSelector!).first().click({ timeout }) },
    ];
    if (settings.successCheck) steps.push(checkStep(settings.successCheck, timeoutMs));
    return steps;
  }
  if (STEP_TYPES.includes(type)) {
    const steps = (settings.steps ?? []).map((step): PlannedStep => {
      const timeout = step.timeoutMs ?? timeoutMs;
      switch (step.action) {
        case "goto":
          return { action: step.action, label: `open ${step.url}`, timeoutMs: timeout, run: (page, t) => gotoStep(page, step.url, t) };
        case "fill": {
          const what = step.source === "text" ? `"${step.text ?? ""}"` : step.source === "totp" ? "a TOTP code" : `the ${step.source}`;
          return {
            action: step.action,
            label: `fill ${step.selector} with ${what}`,
            timeoutMs: timeout,
            run: async (page, t) => {
              let value = step.text ?? "";
              if (step.source === "username") value = config.username ?? "";
              if (step.source === "secret") value = config.secret ?? "";
              if (step.source === "totp") {
                if (!config.totpSecret) throw new Error("the auth config has no TOTP secret");
                value = totpCode(config.totpSecret);
                secrets.push(value);
              }
              await page.locator(step.selector).first().fill(value, { timeout: t });
            },
          };
        }
        case "click":
          return { action: step.action, label: `click ${step.selector}`, timeoutMs: timeout, run: (page, t) => page.locator(step.selector).first().click({ timeout: t }) };
        case "select":
          return {
            action: step.action,
            label: `select "${step.value}" in ${step.selector}`,
            timeoutMs: timeout,
            run: async (page, t) => void (await page.locator(step.selector).first().selectOption(step.value, { timeout: t })),
          };
        case "press":
          return {
            action: step.action,
            label: `press ${step.key}${step.selector ? ` in ${step.selector}` : ""}`,
            timeoutMs: timeout,
            run: (page, t) => (step.selector ? page.locator(step.selector).first().press(step.key, { timeout: t }) : page.keyboard.press(step.key)),
          };
        case "wait_for_selector":
          return { action: step.action, label: `wait for ${step.selector}`, timeoutMs: timeout, run: async (page, t) => void (await page.locator(step.selector).first().waitFor({ state: "visible", timeout: t })) };
        case "wait_for_url":
          return { action: step.action, label: `wait for a URL containing "${step.url}"`, timeoutMs: timeout, run: (page, t) => page.waitForURL((url) => url.href.includes(step.url), { timeout: t }) };
        case "wait_for_text":
          return { action: step.action, label: `wait for the text "${step.text}"`, timeoutMs: timeout, run: async (page, t) => void (await page.getByText(step.text).first().waitFor({ state: "visible", timeout: t })) };
      }
    });
    if (settings.successCheck) steps.push(checkStep(settings.successCheck, timeoutMs));
    return steps;
  }
  // basic, api_key, cookie: nothing to type; opening a protected page proves the credential works.
  const target = config.url ?? config.loginPage ?? `https://${config.domain}/`;
  return [{ action: "goto", label: `open ${target}`, timeoutMs, run: (page, timeout) => gotoStep(page, target, timeout) }];
}

/** What the browser sends on the config's domain for header types, and the cookies of the cookie type. */
export async function attachCredentials(context: BrowserContext, config: AuthConfigCredentials): Promise<void> {
  const settings = settingsOf(config);
  if (config.type === "cookie") {
    await context.addCookies(cookiesOf(config));
    return;
  }
  const headers: Record<string, string> = {};
  if (config.type === "basic") headers.authorization = `Basic ${Buffer.from(`${config.username ?? ""}:${config.secret ?? ""}`).toString("base64")}`;
  if (config.type === "api_key" && settings.headerName) headers[settings.headerName.toLowerCase()] = config.secret ?? "";
  const queryParam = config.type === "api_key" ? settings.queryParam : undefined;
  if (Object.keys(headers).length === 0 && !queryParam) return;
  // Only requests to the config's domain (or its subdomains) carry the credential; everything
  // else a page loads goes on unchanged. fallback() lets other handlers (egress policy) run too.
  await context.route("**/*", async (route) => {
    const request = route.request();
    const url = request.url();
    if (!/^https?:/.test(url) || !isOnDomain(url, config.domain)) return route.fallback();
    let target: string | undefined;
    if (queryParam) {
      const withKey = new URL(url);
      withKey.searchParams.set(queryParam, config.secret ?? "");
      target = withKey.href;
    }
    return route.fallback({ headers: { ...request.headers(), ...headers }, ...(target ? { url: target } : {}) });
  });
}

function cookiesOf(config: AuthConfigCredentials) {
  const declared = settingsOf(config).cookies ?? [];
  const secret = config.secret ?? "";
  const values = new Map<string, string>();
  if (declared.length === 1) values.set(declared[0]!.name, secret);
  else {
    for (const part of secret.split(";")) {
      const at = part.indexOf("=");
      if (at > 0) values.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
    }
  }
  return declared.map((cookie) => ({
    name: cookie.name,
    value: values.get(cookie.name) ?? "",
    domain: cookie.domain || config.domain,
    path: cookie.path || "/",
  }));
}

/**
 * Runs the config's sign-in in a page of `context` (which should have the credentials
 * attached), recording each step. Never throws; the outcome says what failed.
 */
export async function runSignIn(context: BrowserContext, config: AuthConfigCredentials, options: { capture?: boolean } = {}): Promise<SignInOutcome> {
  const secrets = secretsOf(config);
  const page = await context.newPage();
  const steps: StepOutcome[] = [];
  const origins = new Set<string>();
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame() && /^https?:/.test(frame.url())) origins.add(new URL(frame.url()).origin);
  });
  let error: string | undefined;
  try {
    const plan = planSteps(config, secrets);
    if (plan.length === 0) error = "the auth config has no sign-in steps";
    for (const [index, step] of plan.entries()) {
      const started = performance.now();
      try {
        await step.run(page, step.timeoutMs);
        steps.push({ step: index + 1, action: step.label, ok: true, ms: Math.round(performance.now() - started) });
      } catch (failure) {
        const reason = scrub(describeStepError(failure), secrets);
        steps.push({ step: index + 1, action: step.label, ok: false, ms: Math.round(performance.now() - started), error: reason });
        error = `step ${index + 1} (${scrub(step.label, secrets)}): ${reason}`;
        break;
      }
    }
    const finalUrl = page.url() === "about:blank" ? null : scrub(page.url(), secrets);
    const shot = options.capture || error ? await maskedShot(page, secrets).catch(() => null) : null;
    const state = error ? null : await context.storageState();
    return { ok: !error, steps, finalUrl, ...(error ? { error } : {}), shot, state, origins: [...origins] };
  } finally {
    await page.close().catch(() => undefined);
  }
}

function describeStepError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split("\n")[0] ?? message;
  const timeout = /Timeout (\d+)ms exceeded/.exec(first);
  if (timeout) {
    const waitingFor = /waiting for (.+)$/m.exec(message)?.[1];
    return `timed out after ${timeout[1]} ms${waitingFor ? ` waiting for ${waitingFor.trim()}` : ""}`;
  }
  const net = /net::(ERR_[A-Z_]+)/.exec(first)?.[1];
  if (net) return `the page could not be loaded (${net})`;
  return first.replace(/^[\w.]+: /, "");
}

/** A screenshot with password inputs and any input holding a secret emptied and masked first. */
export async function maskedShot(page: Page, secrets: readonly string[]): Promise<Shot> {
  await page.evaluate((values) => {
    for (const input of Array.from(document.querySelectorAll("input, textarea"))) {
      const field = input as HTMLInputElement;
      if (field.type === "password" || values.some((value) => value && field.value.includes(value))) field.value = "";
    }
  }, [...secrets]);
  const data = await page.screenshot({ type: "jpeg", quality: 70, mask: [page.locator("input[type=password]")], timeout: 5_000 });
  const size = page.viewportSize() ?? { width: 0, height: 0 };
  return { data, width: size.width, height: size.height, mimeType: "image/jpeg" };
}

/** Whether a link would end the signed-in session: the default pattern or one of the config's. */
export function isLogoutLink(url: string, patterns: readonly string[] = []): boolean {
  let target: string;
  try {
    const parsed = new URL(url);
    target = `${parsed.pathname}${parsed.search}`;
  } catch {
    return false;
  }
  return DEFAULT_LOGOUT_PATTERN.test(target) || patterns.some((pattern) => target.toLowerCase().includes(pattern.toLowerCase()));
}

/** Hooks scan-tab.ts calls on each context it scans in: state on creation and after every reset. */
export type ContextAuth = {
  setup(context: BrowserContext): Promise<void>;
  restore(context: BrowserContext): Promise<void>;
};

/** The per-page signed-out check page-scan.ts runs after loading. */
export type PageAuthCheck = {
  /** A reason when the page shows the signed-out signal, else null. */
  signedOut(page: Page, requestedUrl: string, httpStatus: number): string | null;
  capture(page: Page): Promise<Shot | null>;
};

function samePage(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.origin === y.origin && x.pathname.replace(/\/+$/, "") === y.pathname.replace(/\/+$/, "");
  } catch {
    return false;
  }
}

/**
 * A browser context to sign in with, as the scanning contexts are made (same user agent: a site
 * that ties its session to the browser, or serves bots differently, sees one visitor), with the
 * config's headers and cookies attached.
 */
export async function newSignInContext(browser: Browser, config: AuthConfigCredentials, viewport: { width: number; height: number }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, serviceWorkers: "block", acceptDownloads: false, userAgent: scannerUserAgent() });
  await attachCredentials(context, config);
  return context;
}

/**
 * One lane's signed-in state for one session. `version` changes with every sign-in, and is
 * part of the tab partition, so contexts made with an older state are replaced.
 */
export class LaneSignIn {
  version = 0;
  signIns = 0;
  private state: StorageState | null = null;
  private signInOrigins = new Set<string>();
  private failure: { error: string; shot: Shot | null } | null = null;

  constructor(
    readonly key: string,
    private readonly config: AuthConfigCredentials,
  ) {}

  get failed() {
    return this.failure;
  }

  /** The text with this config's secrets replaced. */
  scrub(text: string): string {
    return scrub(text, secretsOf(this.config));
  }

  get logoutPatterns(): string[] {
    return settingsOf(this.config).logoutPatterns ?? [];
  }

  /** Signs in if this lane has not yet; returns false (see `failed`) when signing in failed. */
  async ready(browser: Browser, viewport: { width: number; height: number }): Promise<boolean> {
    if (this.failure) return false;
    if (this.state) return true;
    return this.signIn(browser, viewport);
  }

  /** Signs in again after a page showed the signed-out signal; false once the lane's allowance is used. */
  async renew(browser: Browser, viewport: { width: number; height: number }): Promise<boolean> {
    if (this.signIns >= MAX_SIGN_INS_PER_LANE) {
      this.failure = { error: `signed out again after ${this.signIns} sign-ins in this scan; giving up`, shot: null };
      return false;
    }
    this.state = null;
    return this.signIn(browser, viewport);
  }

  private async signIn(browser: Browser, viewport: { width: number; height: number }): Promise<boolean> {
    this.signIns++;
    if (!SIGNS_IN_WITH_A_PAGE.includes(this.config.type)) {
      // Header and cookie credentials travel with every request: there is nothing to sign in to.
      this.state = { cookies: [], origins: [] };
      this.version++;
      return true;
    }
    const context = await newSignInContext(browser, this.config, viewport);
    try {
      const outcome = await runSignIn(context, this.config);
      if (!outcome.ok || !outcome.state) {
        this.failure = { error: outcome.error ?? "the sign-in did not finish", shot: outcome.shot };
        return false;
      }
      this.state = outcome.state;
      this.signInOrigins = new Set(outcome.origins);
      this.version++;
      return true;
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  readonly contextAuth: ContextAuth = {
    setup: async (context) => {
      await attachCredentials(context, this.config);
      const origins = this.state?.origins ?? [];
      if (origins.length > 0) {
        // Local storage the sign-in left (tokens some single-page apps keep there) goes back
        // into every document of its origin before the page's own scripts run.
        await context.addInitScript((saved: Array<{ origin: string; localStorage: Array<{ name: string; value: string }> }>) => {
          const mine = saved.find((entry) => entry.origin === location.origin);
          if (!mine) return;
          for (const item of mine.localStorage) if (localStorage.getItem(item.name) === null) localStorage.setItem(item.name, item.value);
        }, origins);
      }
      await this.contextAuth.restore(context);
    },
    restore: async (context) => {
      const cookies = this.state?.cookies ?? [];
      if (cookies.length > 0) await context.addCookies(cookies);
      if (this.config.type === "cookie") await context.addCookies(cookiesOf(this.config));
    },
  };

  readonly pageCheck: PageAuthCheck = {
    signedOut: (page, requestedUrl, httpStatus) => {
      const finalUrl = page.url();
      if (httpStatus === 401) return `the server answered HTTP 401 (not signed in) at ${finalUrl}`;
      const loginPage = loginPageOf(this.config);
      if (loginPage && samePage(finalUrl, loginPage) && !samePage(requestedUrl, loginPage)) return `the page redirected to the login page ${finalUrl}`;
      const finalOrigin = URL.canParse(finalUrl) ? new URL(finalUrl).origin : "";
      const requestedOrigin = URL.canParse(requestedUrl) ? new URL(requestedUrl).origin : "";
      // Sent to the identity provider the sign-in went through, or off the config's domain.
      if (finalOrigin !== requestedOrigin && this.signInOrigins.has(finalOrigin)) return `the page redirected to the sign-in provider at ${finalOrigin}`;
      if (isOnDomain(requestedUrl, this.config.domain) && !isOnDomain(finalUrl, this.config.domain)) return `the page redirected off the site to ${finalOrigin} (a sign-in page)`;
      return null;
    },
    capture: (page) => maskedShot(page, secretsOf(this.config)).catch(() => null),
  };
}
