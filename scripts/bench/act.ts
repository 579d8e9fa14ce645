/**
 * `npm run bench:act -- <corpus dir>`: the product's page scan on the W3C ACT Rules test cases
 * (the corpus is not in the repository; see /work/shared/act-rules/README.md), scored per rule,
 * per WCAG criterion and in total: detection on failed examples, false alarms on passed and
 * inapplicable ones, the product's findings beside each engine alone in the same scans.
 * Progress on stderr; tables on stdout; every scan's findings and engine reports in a JSON file
 * (tmp/bench-act/, git-ignored) from which per-rule decisions are derived.
 * Options: --concurrency=2 --rules=<id,id> (only those rules) --out=<file.json>
 *          --engines=axe-core,alfa,qualweb (the engines to scan with; the product's default set otherwise)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { engineView, PRODUCT_VIEW, runActCorpus, scoreView, type ActRun, type ScoredView } from "./act-run";
import { compareCriteria, detectionRate, falseAlarmRate, formatDetection, formatFalseAlarms, formatTable, percent, type Tally } from "./act-score";

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const args = new Map(
  process.argv
    .slice(2)
    .filter((arg) => arg.startsWith("--"))
    .map((arg) => {
      const [key, value = "true"] = arg.slice(2).split("=");
      return [key!, value];
    }),
);

const corpusDir = positional[0];
if (!corpusDir) {
  console.error("Usage: npm run bench:act -- <corpus dir> [--concurrency=2] [--rules=id,id] [--out=file.json]");
  process.exit(2);
}

function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "?";
  const seconds = Math.ceil(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

/** count, bar, rate and time left; one redrawn line on a terminal, a line per 5 % otherwise. */
function progressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  let lastStep = -1;
  return (done: number, total: number) => {
    const fraction = total ? done / total : 1;
    const elapsed = performance.now() - started;
    const eta = done ? (elapsed / done) * (total - done) : Number.POSITIVE_INFINITY;
    const width = 30;
    const filled = Math.round(fraction * width);
    const line = `scanning ${done}/${total} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.floor(fraction * 100)}%  ${done ? ((done / elapsed) * 60_000).toFixed(0) : "?"} pages/min  ETA ${formatDuration(eta)}`;
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${line}`);
      if (done === total) stream.write("\n");
    } else {
      const step = Math.floor(fraction * 20);
      if (step !== lastStep || done === total) stream.write(`${line}\n`);
      lastStep = step;
    }
  };
}

function engineNames(run: ActRun): string[] {
  const engines = new Set<string>();
  for (const outcome of [run.control, ...run.runs]) for (const report of outcome.reports) engines.add(report.engine);
  engines.add("axe-core");
  return [...engines].sort((a, b) => (a === "axe-core" ? -1 : b === "axe-core" ? 1 : a.localeCompare(b)));
}

function cells(tally: Tally): string[] {
  return [formatDetection(tally), formatFalseAlarms(tally)];
}

function printReport(run: ActRun, scored: ScoredView[]) {
  const [product] = scored;
  const names = scored.map((view) => view.name);
  const head = (first: string[]) => [...first, ...names.flatMap((name) => [`${name} detected`, `${name} false alarms`])];

  console.log(`\nACT Rules: ${run.examples.length} examples of ${new Set(run.examples.map((example) => example.ruleId)).size} rules, scanned in ${formatDuration(run.wallMs)}`);
  console.log(`Engines: ${Object.entries(run.engineVersions).map(([engine, version]) => `${engine} ${version}`).join(", ")}`);

  const ruleIds = [...product!.summary.byRule.keys()].sort();
  const ruleName = new Map(run.examples.map((example) => [example.ruleId, example.ruleName]));
  const ruleCriteria = new Map(run.examples.map((example) => [example.ruleId, example.wcag.join(" ")]));
  console.log("\nPer rule (detected: failed examples; false alarms: passed + inapplicable examples)\n");
  console.log(
    formatTable(
      head(["rule", "name", "WCAG"]),
      ruleIds.map((id) => [id, (ruleName.get(id) ?? "").slice(0, 48), ruleCriteria.get(id) ?? "", ...scored.flatMap((view) => cells(view.summary.byRule.get(id)!))]),
    ),
  );

  const criteria = [...product!.summary.byCriterion.keys()].sort(compareCriteria);
  console.log("\nPer WCAG criterion (an example counts for each criterion of its rule)\n");
  console.log(formatTable(head(["criterion"]), criteria.map((id) => [id, ...scored.flatMap((view) => cells(view.summary.byCriterion.get(id)!))])));

  console.log("\nTotals\n");
  console.log(
    formatTable(
      ["scanner", "detected", "detection", "false alarms", "false-alarm rate", "not scanned"],
      scored.map((view) => {
        const total = view.summary.total;
        return [view.name, `${total.detected}/${total.failed}`, percent(detectionRate(total)), `${total.falseAlarms}/${total.clean}`, percent(falseAlarmRate(total)), String(total.errors)];
      }),
    ),
  );
  for (const view of scored) {
    if (view.wrapperRules.length) console.log(`\n${view.name}: fires on the control page (not credited on wrapped examples): ${view.wrapperRules.join(", ")}`);
  }
  if (run.control.error) console.log(`\nThe control page could not be scanned: ${run.control.error}`);
  const errors = run.runs.filter((outcome) => outcome.error);
  if (errors.length) {
    console.log(`\nNot scanned (${errors.length}):`);
    for (const outcome of errors) console.log(`  ${outcome.file}: ${outcome.error}`);
  }
}

async function main() {
  const run = await runActCorpus({
    corpusDir: path.resolve(corpusDir!),
    concurrency: Number(args.get("concurrency") ?? 2),
    rules: args.get("rules")?.split(","),
    scanOptions: args.has("engines") ? { engines: args.get("engines")!.split(",") } : undefined,
    onProgress: progressPrinter(),
  });
  const scored = [scoreView(run, PRODUCT_VIEW), ...engineNames(run).map((engine) => scoreView(run, engineView(engine, `${engine} alone`)))];
  printReport(run, scored);
  const out = args.get("out") ?? path.join("tmp", "bench-act", `act-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      {
        corpus: path.resolve(corpusDir!),
        when: new Date().toISOString(),
        wallMs: run.wallMs,
        engineVersions: run.engineVersions,
        totals: Object.fromEntries(scored.map((view) => [view.name, view.summary.total])),
        control: run.control,
        examples: run.examples.map((example, index) => ({
          ...example,
          ...run.runs[index],
          verdicts: Object.fromEntries(scored.map((view) => [view.name, view.judged[index]])),
        })),
      },
      null,
      1,
    ),
  );
  console.log(`\nEvery example's findings and engine reports: ${out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
