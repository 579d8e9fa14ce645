/**
 * W3C's test requirements per success criterion (sufficient and failure techniques with their
 * procedures and expected results, ACT rules), shipped as lib/wcag/test-requirements.json.
 * Server-only: the file is 600 KB, so pages pass one criterion's entry to the browser.
 */
import data from "./test-requirements.json";

export type TestRequirement = {
  id: string;
  technique: string;
  title: string;
  kind: "sufficient" | "failure";
  technology: string;
  situations?: string[];
  sections?: string[];
  applicability: string;
  procedure: string[];
  expected: string[];
};

export type TechniqueRef = { id: string | null; title: string; technology: string };
export type ActRuleRef = { id: string; title: string; url: string; proposed: boolean; deprecated: boolean };

export type CriterionTests = {
  id: string;
  techniques: { sufficient: TechniqueRef[]; advisory: TechniqueRef[]; failures: TechniqueRef[] };
  requirements: TestRequirement[];
  notes?: string[];
  actRules: ActRuleRef[];
};

export const TEST_REQUIREMENTS_SOURCE: string = data.source;
export const TEST_REQUIREMENTS_LICENSE: string = data.license;

const byId = new Map((data.criteria as unknown as CriterionTests[]).map((entry) => [entry.id, entry]));

export function getCriterionTests(criterionId: string): CriterionTests | undefined {
  return byId.get(criterionId);
}

/** Techniques have pages at w3.org/WAI/WCAG22/Techniques/<technology>/<id>. */
export function techniqueUrl(technique: { id: string | null; technology: string }): string | null {
  return technique.id ? `https://www.w3.org/WAI/WCAG22/Techniques/${technique.technology}/${technique.id}` : null;
}
