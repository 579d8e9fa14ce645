/**
 * QualWeb's ACT-rules module (built to implement the W3C ACT Rules) as a scan engine: its
 * browser bundles go into an isolated world of the loaded page (read from their files by the tab
 * itself, see engine-script.ts, and compiled once per renderer) and its rules run there. A
 * failed result is a violation; the rule decisions (decisions.ts) turn those of noisier rules
 * into needs review.
 * Its warnings ("check if the element has a visible focus indication", on every link) are left
 * out: they name whole classes of elements to check by hand, not findings.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { engineScript, exceptionText, isolatedWorld, runEngineScript } from "../engine-script";
import { measuredRules } from "./decisions";
import type { EngineFinding, ScanEngine } from "./engine";

const require = createRequire(import.meta.url);
// The module's package.json is not among its exports; it sits two folders above the bundle.
const VERSION = (JSON.parse(readFileSync(path.join(path.dirname(require.resolve("@qualweb/act-rules")), "..", "..", "package.json"), "utf8")) as { version: string }).version;
const WORLD = "clearsight-qualweb";
/*
 * The bundles put their exports on the global object (qw-page also makes window.qwPage); the
 * script's value says the runner is there. @qualweb/locale is not loaded: the act-rules bundle
 * carries its own copy of it (webpack module 9237 there).
 */
const SCRIPT = engineScript("clearsight-qualweb.js", ["@qualweb/qw-page", "@qualweb/util", "@qualweb/act-rules"], "typeof ACTRulesRunner");

type RawResult = { rule: string; act: string; verdict: string; description: string; criteria: string[]; pointer: string; html: string };

/*
 * Runs in the page: plain JavaScript text (see page-scan.ts on why not a function). `configure`
 * takes QualWeb's module options: {} runs every rule, { include: [codes] } only those.
 */
function runSource(configuration: string): string {
  return `(() => {
  if (typeof ACTRulesRunner === "undefined" || !window.qwPage) return null;
  const report = new ACTRulesRunner({}, "en").configure(${configuration}).test({}).getReport();
  const found = [];
  for (const [rule, assertion] of Object.entries(report.assertions || {})) {
    const criteria = ((assertion.metadata || {})["success-criteria"] || []).map((criterion) => criterion.name);
    for (const result of assertion.results || []) {
      if (result.verdict !== "failed") continue;
      for (const element of result.elements || []) {
        if (!element.pointer) continue;
        found.push({ rule, act: assertion.mapping || "", verdict: result.verdict, description: result.description || "", criteria, pointer: element.pointer, html: element.htmlCode || "" });
      }
    }
  }
  try { window.qwPage.cleanAllElements(); } catch {}
  return found;
})()`;
}

/**
 * The engine; by default only the rules the decisions measured (decisions.ts: measuredRules)
 * run, as QualWeb's codes ("QW-ACT-R17"); `allRules` runs every rule, for bench:act.
 */
export function createQualwebEngine({ allRules = false }: { allRules?: boolean } = {}): ScanEngine {
  const source = runSource(allRules ? "{}" : JSON.stringify({ include: measuredRules("qualweb").map((rule) => rule.toUpperCase()) }));
  return {
    id: "qualweb",
    name: "QualWeb ACT rules",
    version: VERSION,
    async run(_page, { cdp }) {
      // Its own isolated world of the top document: the page's scripts cannot reach QualWeb's
      // globals or patch the built-ins it uses (as for axe-core, page-scan.ts), nor clash with axe-core's.
      const executionContextId = await isolatedWorld(cdp, WORLD);
      if ((await runEngineScript(cdp, executionContextId, SCRIPT)) !== "function") throw new Error("QualWeb's rules runner did not load in the page.");
      const answer = await cdp.send("Runtime.evaluate", { expression: source, contextId: executionContextId, returnByValue: true });
      if (answer.exceptionDetails) throw new Error(`QualWeb failed in the page: ${exceptionText(answer.exceptionDetails)}`);
      const results = answer.result.value as RawResult[] | null;
      if (!results) throw new Error("QualWeb could not be started in the page.");
      return results.map(
        (result): EngineFinding => ({
          ruleId: result.rule.toLowerCase(),
          kind: "violation",
          impact: null,
          wcagCriteria: [...new Set(result.criteria.filter((criterion) => /^\d+\.\d+\.\d+$/.test(criterion)))],
          tags: [],
          selector: result.pointer,
          html: result.html,
          summary: result.description || null,
          help: `QualWeb rule ${result.rule}${result.act ? ` (ACT rule ${result.act})` : ""}`,
          helpUrl: result.act ? `https://act-rules.github.io/rules/${result.act}` : "https://qualweb.di.fc.ul.pt/",
        }),
      );
    },
  };
}

export const qualwebEngine: ScanEngine = createQualwebEngine();
