/**
 * Runs the product's page scan (lib/scans/page-scan.ts scanPage, the code the worker runs, in
 * lanes with a clean tab per page like the worker's) on every scored example of an ACT Rules
 * corpus and on its control page, and scores the outcome (act-score.ts) for the product's
 * default set and for each engine alone, all from the same scans. Engines run every rule here,
 * measured or not (the scan runs only measured ones), so the decisions can be drawn anew; a rule
 * never measured reports "needs review", which the product's score does not count.
 */
import { availableParallelism } from "node:os";
import type { Browser } from "playwright-core";
import { launchScanBrowser } from "@/lib/scans/browser";
import { scanPage, type FindingKind, type PageScanResult } from "@/lib/scans/page-scan";
import { enginesForScan } from "@/lib/scans/engines/registry";
import { ScanTab } from "@/lib/scans/scan-tab";
import { scanOptionsSchema, type ScanOptionsInput } from "@/lib/scans/schema";
import { tagsForLevel } from "@/lib/wcag/criteria";
import { CONTROL_FILE, readManifest, scoredExamples, serveCorpus, type ActExample } from "./act-corpus";
import { judge, summarize, type Hit, type Judged, type Summary } from "./act-score";

/** One thing an engine said about an element (before findings of several engines are merged). */
export type EngineReport = { engine: string; ruleId: string; kind: FindingKind; criteria: string[]; selector: string };

export type ExampleRun = {
  file: string;
  /** Why the page was not scanned, or null. */
  error: string | null;
  ms: number;
  /** The product's findings, as stored for a page. */
  findings: Array<{ ruleId: string; kind: FindingKind; criteria: string[]; sources: string[]; selector: string }>;
  /** What each engine reported (its rule and its own verdict, before the rule decisions), merged or not. */
  reports: EngineReport[];
};

export type ActRunOptions = {
  corpusDir: string;
  /** Scan lanes (pages scanned at once), each with its own clean tabs, as in the worker. */
  concurrency?: number;
  /** Session options for the scan (the product's defaults otherwise; viewport 1280×1024). */
  scanOptions?: ScanOptionsInput;
  /** Only examples of these rules. */
  rules?: readonly string[];
  onProgress?: (done: number, total: number) => void;
};

export type ActRun = {
  examples: ActExample[];
  runs: ExampleRun[];
  control: ExampleRun;
  engineVersions: Record<string, string>;
  wallMs: number;
};

/** Scanned as a session targeting WCAG 2.2 AAA, so every criterion an ACT rule maps to is in scope. */
export const ACT_TAGS = tagsForLevel("2.2", "AAA");

export async function runActCorpus(options: ActRunOptions): Promise<ActRun> {
  const all = scoredExamples(readManifest(options.corpusDir));
  const examples = options.rules ? all.filter((example) => options.rules!.includes(example.ruleId)) : all;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const scanOptions = scanOptionsSchema.parse({ viewport: { width: 1280, height: 1024 }, ...options.scanOptions });
  const server = await serveCorpus(options.corpusDir);
  let browser: Browser | undefined;
  const tabs: ScanTab[] = [];
  const started = performance.now();
  const engineVersions: Record<string, string> = {};
  try {
    browser = await launchScanBrowser();
    const scanner = browser;
    const scanOne = async (tab: ScanTab, file: string): Promise<ExampleRun> => {
      const begin = performance.now();
      const result = await scanPage(scanner, tab, {
        url: server.url(file),
        options: scanOptions,
        tags: ACT_TAGS,
        allowedOrigins: new Set([server.origin]),
        partition: "bench-act",
        engines: enginesForScan(scanOptions, { allRules: true }),
      });
      if (result.ok) Object.assign(engineVersions, engineVersionsOf(result));
      return toExampleRun(file, result, Math.round(performance.now() - begin));
    };
    // The worker's choice: a second context per lane only while a core is spare for its reset.
    const contexts = concurrency < availableParallelism() ? 2 : 1;
    for (let lane = 0; lane < concurrency; lane++) tabs.push(new ScanTab({ contexts }));
    const control = await scanOne(tabs[0]!, CONTROL_FILE);
    const runs: ExampleRun[] = new Array(examples.length);
    let next = 0;
    let done = 0;
    options.onProgress?.(0, examples.length);
    await Promise.all(
      tabs.map(async (tab) => {
        while (next < examples.length) {
          const index = next++;
          runs[index] = await scanOne(tab, examples[index]!.file);
          options.onProgress?.(++done, examples.length);
        }
      }),
    );
    return { examples, runs, control, engineVersions, wallMs: Math.round(performance.now() - started) };
  } finally {
    await Promise.all(tabs.map((tab) => tab.close()));
    await browser?.close();
    await server.close();
  }
}

function engineVersionsOf(result: Extract<PageScanResult, { ok: true }>): Record<string, string> {
  return result.engines;
}

function toExampleRun(file: string, result: PageScanResult, ms: number): ExampleRun {
  if (!result.ok) return { file, error: result.error, ms, findings: [], reports: [] };
  const findings = result.findings.map((finding) => ({
    ruleId: finding.ruleId,
    kind: finding.kind,
    criteria: finding.wcagCriteria,
    sources: finding.sources.map((source) => source.engine),
    selector: finding.selector,
  }));
  const reports = result.findings.flatMap((finding) =>
    finding.sources.map((source) => ({ engine: source.engine, ruleId: source.ruleId, kind: source.kind, criteria: finding.wcagCriteria, selector: finding.selector })),
  );
  return { file, error: null, ms, findings, reports };
}

/** A way of reading a page's outcome as one scanner's violations. */
export type ScannerView = { name: string; hits: (run: ExampleRun) => Hit[] };

/** The product as it stands: its findings that are violations. */
export const PRODUCT_VIEW: ScannerView = {
  name: "Clearsight",
  hits: (run) => run.findings.filter((finding) => finding.kind === "violation").map((finding) => ({ rule: `${finding.sources.join("+")}:${finding.ruleId}`, criteria: finding.criteria })),
};

/** One engine alone: what it reported as violations in the same scans. */
export function engineView(engine: string, name = engine): ScannerView {
  return {
    name,
    hits: (run) => run.reports.filter((report) => report.engine === engine && report.kind === "violation").map((report) => ({ rule: `${engine}:${report.ruleId}`, criteria: report.criteria })),
  };
}

export type ScoredView = { name: string; judged: Judged[]; summary: Summary; wrapperRules: string[] };

export function scoreView(run: ActRun, view: ScannerView): ScoredView {
  const wrapperRules = new Set(view.hits(run.control).map((hit) => hit.rule));
  const judged = run.examples.map((example, index) => {
    const outcome = run.runs[index]!;
    return judge(example, outcome.error ? null : view.hits(outcome), wrapperRules);
  });
  return { name: view.name, judged, summary: summarize(run.examples, judged), wrapperRules: [...wrapperRules].sort() };
}
