/**
 * What a scan engine is to the page scan (page-scan.ts): something that examines the page
 * already loaded in the scan's tab (no navigation of its own) and says which elements fail
 * which WCAG criteria. axe-core is the scan's base engine; other engines (Siteimprove Alfa) and
 * Clearsight's own checks (lib/scans/checks/) are ScanEngines run after it on the same page,
 * and their findings are merged with axe-core's by element and criterion (merge.ts).
 */
import type { CDPSession, Page } from "playwright-core";
import type { ScanOptions } from "../schema";

export type FindingKind = "violation" | "needs_review";
export type ImpactName = "minor" | "moderate" | "serious" | "critical";

/** One engine rule's verdict on one element, as the engine gave it (before merging). */
export type EngineFinding = {
  ruleId: string;
  /** The engine's own verdict; the rule decisions (decisions.ts) may turn a violation into needs_review. */
  kind: FindingKind;
  impact: ImpactName | null;
  /** WCAG 2.x success criteria, "1.1.1" style. */
  wcagCriteria: string[];
  tags: string[];
  /**
   * A CSS selector for the element in the top document ("html > body > img:nth-child(2)"),
   * axe-core's target syntax for elements in frames (" |> ") and shadow roots (" >>> ").
   */
  selector: string;
  html: string;
  summary: string | null;
  help: string;
  helpUrl: string;
};

export type EngineContext = {
  /** The DevTools session of the page's tab (for engines that talk to the browser directly). */
  cdp: CDPSession;
  /** The session's scan options (viewport, best practices). */
  options: ScanOptions;
  /** axe-core tags in scope for the session (its WCAG version and level). */
  tags: readonly string[];
  /** Stops the scan; an engine should give up soon after it aborts. */
  signal?: AbortSignal;
};

/**
 * An engine run on the loaded page. It must leave the page as it found it (viewport, styles,
 * focus, scroll position may change only for the time of its run) because the engines after
 * it, and the element screenshots, read the same page. It should not throw for an ordinary
 * page; if it does, the page's scan fails with its message.
 */
export type ScanEngine = {
  /** Stable id, stored with each finding's sources and in session settings ("alfa"). */
  id: string;
  /** Shown to people ("Siteimprove Alfa"). */
  name: string;
  version: string;
  /**
   * Work begun before any engine runs that goes on while they do, for an engine that would
   * otherwise wait idle (the Tab walk's pause for the page's scripts, see checks/tab-walk.ts).
   * Settles once the page is ready for the engines; it must leave no change the others could
   * mistake for the page's own (focus may have moved, as a keyboard user's Tab presses move it).
   */
  prepare?(page: Page, context: EngineContext): Promise<void>;
  run(page: Page, context: EngineContext): Promise<EngineFinding[]>;
};

/** Which engine (and which of its rules) found a finding. */
export type FindingSource = { engine: string; version: string; ruleId: string; kind: FindingKind };
