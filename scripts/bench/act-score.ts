/**
 * Scoring of a scanner on ACT Rules examples, as the corpus's README defines it:
 *   - a failed example is detected when the scanner reports a violation (not a "needs review"
 *     item) whose WCAG criteria intersect the rule's;
 *   - a passed or inapplicable example is a false alarm when it reports such a violation there;
 *   - detection = detected / failed examples, false alarms = false-alarm examples / passed and
 *     inapplicable examples; overall, per rule and per criterion.
 * On top of that, the control page (the corpus's wrapper around one paragraph, no example in it):
 * a rule that reports a violation there reacts to the wrapper, so on wrapped examples it is not
 * credited with a detection; it still counts as a false alarm (it is one, on any such page).
 * An example the scanner could not scan (an error) counts as missed, or as clean.
 */
import type { ActExample } from "./act-corpus";

/** One violation a scanner reported on an example: which rule of which engine, for which criteria. */
export type Hit = { rule: string; criteria: readonly string[] };

export type Verdict = "detected" | "missed" | "false_alarm" | "clean";

export type Judged = { verdict: Verdict; /** The rules whose violations decided it. */ by: string[]; error: boolean };

export function judge(example: ActExample, hits: readonly Hit[] | null, wrapperRules: ReadonlySet<string>): Judged {
  const wanted = new Set(example.wcag);
  const relevant = (hits ?? []).filter((hit) => hit.criteria.some((criterion) => wanted.has(criterion)));
  const error = hits === null;
  if (example.expected === "failed") {
    const credited = relevant.filter((hit) => !(example.wrapped && wrapperRules.has(hit.rule)));
    return credited.length > 0 ? { verdict: "detected", by: unique(credited), error } : { verdict: "missed", by: [], error };
  }
  return relevant.length > 0 ? { verdict: "false_alarm", by: unique(relevant), error } : { verdict: "clean", by: [], error };
}

function unique(hits: readonly Hit[]): string[] {
  return [...new Set(hits.map((hit) => hit.rule))].sort();
}

export type Tally = {
  failed: number;
  detected: number;
  /** Passed and inapplicable examples. */
  clean: number;
  falseAlarms: number;
  /** Examples that could not be scanned. */
  errors: number;
};

export const emptyTally = (): Tally => ({ failed: 0, detected: 0, clean: 0, falseAlarms: 0, errors: 0 });

export function addTo(tally: Tally, example: ActExample, judged: Judged): void {
  if (example.expected === "failed") {
    tally.failed++;
    if (judged.verdict === "detected") tally.detected++;
  } else {
    tally.clean++;
    if (judged.verdict === "false_alarm") tally.falseAlarms++;
  }
  if (judged.error) tally.errors++;
}

export const detectionRate = (tally: Tally) => (tally.failed ? tally.detected / tally.failed : 0);
export const falseAlarmRate = (tally: Tally) => (tally.clean ? tally.falseAlarms / tally.clean : 0);

export type Summary = { total: Tally; byRule: Map<string, Tally>; byCriterion: Map<string, Tally> };

/** Totals per rule and per criterion (an example counts for each of its rule's criteria). */
export function summarize(examples: readonly ActExample[], judged: readonly Judged[]): Summary {
  const summary: Summary = { total: emptyTally(), byRule: new Map(), byCriterion: new Map() };
  examples.forEach((example, index) => {
    const verdict = judged[index]!;
    addTo(summary.total, example, verdict);
    addTo(tallyIn(summary.byRule, example.ruleId), example, verdict);
    for (const criterion of example.wcag) addTo(tallyIn(summary.byCriterion, criterion), example, verdict);
  });
  return summary;
}

function tallyIn(map: Map<string, Tally>, key: string): Tally {
  let tally = map.get(key);
  if (!tally) map.set(key, (tally = emptyTally()));
  return tally;
}

/** Compares criterion numbers numerically ("1.4.10" after "1.4.3"). */
export function compareCriteria(a: string, b: string): number {
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

export function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

/** "12/20 60.0 %" */
export function formatDetection(tally: Tally): string {
  return `${tally.detected}/${tally.failed} ${percent(detectionRate(tally))}`;
}

export function formatFalseAlarms(tally: Tally): string {
  return `${tally.falseAlarms}/${tally.clean} ${percent(falseAlarmRate(tally))}`;
}

/** A plain-text table with columns padded to their widest cell (numbers right-aligned). */
export function formatTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = head.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => (column === 0 || !/^[\d/ .%–-]+$/.test(cell) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join("  ")
      .trimEnd();
  return [line(head), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}
