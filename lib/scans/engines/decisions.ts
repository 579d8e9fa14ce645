/**
 * Which rules of the engines beside axe-core count as violations. A rule joins the default set
 * as a violation only if its measured false-alarm rate on the W3C ACT Rules test cases is low
 * (decisions.json, written with the measurement that justified each decision by
 * scripts/bench/act-decisions.ts from a bench:act run); any other rule of a decided engine,
 * measured noisy or never measured, reports "needs review", never a violation. Engines without
 * decisions (axe-core, the own checks) keep their own verdict.
 */
import data from "./decisions.json";
import type { FindingKind } from "./engine";

export type RuleMeasure = {
  decision: FindingKind;
  /** ACT failed examples of the rule's criteria it was measured on, and those it detected. */
  failed: number;
  detected: number;
  /** Passed and inapplicable examples, and those it raised a violation on. */
  clean: number;
  falseAlarms: number;
};

export type Decisions = {
  note: string;
  /** How the decisions were drawn (thresholds, corpus, run). */
  method?: string;
  engines: Record<string, { version: string; rules: Record<string, RuleMeasure> }>;
};

const DECISIONS = data as Decisions;

export function decideKind(engine: string, ruleId: string, kind: FindingKind, decisions: Decisions = DECISIONS): FindingKind {
  if (kind !== "violation") return kind;
  const decided = decisions.engines[engine];
  if (!decided) return kind;
  return decided.rules[ruleId]?.decision === "violation" ? "violation" : "needs_review";
}

/**
 * The rules of an engine that the decisions measured: those that raised anything on the ACT test
 * cases. A rule that never fired on the failed examples of its own ACT rule detects nothing
 * there, so the scan does not run it (bench:act runs every rule, to measure them all).
 */
export function measuredRules(engine: string, decisions: Decisions = DECISIONS): string[] {
  return Object.keys(decisions.engines[engine]?.rules ?? {});
}
