/**
 * One finding per element and criterion, whichever engines found it: a finding of one engine
 * joins another engine's finding on the same element (same element key, see page-scan.ts)
 * whose WCAG criteria it shares, and the merged finding lists both as its sources. Findings of
 * one engine are never merged with each other (two axe-core rules on one element stay two
 * findings, as before), nor are findings without criteria (best practices).
 */
import type { EngineFinding, FindingKind, FindingSource, ImpactName } from "./engine";

export type SourcedFinding = EngineFinding & {
  /** The kind after the rule decisions (decisions.ts): what the finding counts as. */
  kind: FindingKind;
  /** Identifies the element across engines (the same element has the same key). */
  elementKey: string;
  source: FindingSource;
};

export type MergedFinding = Omit<SourcedFinding, "source"> & { sources: FindingSource[] };

const IMPACT_ORDER: Array<ImpactName | null> = [null, "minor", "moderate", "serious", "critical"];

/** Merges, in order: the first finding of a group gives its rule, selector and texts (axe-core's, as it runs first). */
export function mergeFindings(findings: readonly SourcedFinding[]): MergedFinding[] {
  const merged: MergedFinding[] = [];
  const byElement = new Map<string, MergedFinding[]>();
  for (const { source, ...finding } of findings) {
    const onElement = byElement.get(finding.elementKey) ?? [];
    const match =
      finding.wcagCriteria.length === 0
        ? undefined
        : onElement.find(
            (other) =>
              !other.sources.some((known) => known.engine === source.engine) &&
              other.wcagCriteria.some((criterion) => finding.wcagCriteria.includes(criterion)),
          );
    if (!match) {
      const added: MergedFinding = { ...finding, wcagCriteria: [...finding.wcagCriteria], tags: [...finding.tags], sources: [source] };
      merged.push(added);
      onElement.push(added);
      byElement.set(finding.elementKey, onElement);
      continue;
    }
    match.sources.push(source);
    match.wcagCriteria = [...new Set([...match.wcagCriteria, ...finding.wcagCriteria])];
    match.tags = [...new Set([...match.tags, ...finding.tags])];
    if (finding.kind === "violation") match.kind = "violation";
    if (IMPACT_ORDER.indexOf(finding.impact) > IMPACT_ORDER.indexOf(match.impact)) match.impact = finding.impact;
    if (!match.summary && finding.summary) match.summary = finding.summary;
  }
  return merged;
}

/** "found by axe-core, Siteimprove Alfa": the provenance line shown with a finding. */
export function describeSources(sources: readonly Pick<FindingSource, "engine">[], names: ReadonlyMap<string, string> = new Map()): string {
  const engines = [...new Set(sources.map((source) => names.get(source.engine) ?? source.engine))];
  return engines.length ? `found by ${engines.join(", ")}` : "";
}
