import { describe, expect, it } from "vitest";
import type { FindingSource } from "./engine";
import { describeSources, mergeFindings, type SourcedFinding } from "./merge";

function finding(engine: string, ruleId: string, elementKey: string, wcagCriteria: string[], kind: "violation" | "needs_review" = "violation"): SourcedFinding {
  const source: FindingSource = { engine, version: "1.0.0", ruleId, kind };
  return { ruleId, kind, elementKey, source, impact: null, wcagCriteria, tags: [], selector: `${engine}:${elementKey}`, html: "<img>", summary: null, help: ruleId, helpUrl: "" };
}

describe("mergeFindings", () => {
  it("merges two engines' findings on one element sharing a criterion into one finding with both sources", () => {
    const merged = mergeFindings([finding("axe-core", "image-alt", "/1/0", ["1.1.1"]), finding("alfa", "sia-r2", "/1/0", ["1.1.1", "4.1.2"])]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ ruleId: "image-alt", selector: "axe-core:/1/0", wcagCriteria: ["1.1.1", "4.1.2"] });
    expect(merged[0]!.sources.map((source) => `${source.engine}:${source.ruleId}`)).toEqual(["axe-core:image-alt", "alfa:sia-r2"]);
  });

  it("keeps findings apart on other elements, for other criteria, of one engine, or without criteria", () => {
    const merged = mergeFindings([
      finding("axe-core", "image-alt", "/1/0", ["1.1.1"]),
      finding("axe-core", "role-img-alt", "/1/0", ["1.1.1"]),
      finding("alfa", "sia-r2", "/1/1", ["1.1.1"]),
      finding("alfa", "sia-r69", "/1/0", ["1.4.3"]),
      finding("axe-core", "region", "/1/2", []),
      finding("alfa", "sia-r57", "/1/2", []),
    ]);
    expect(merged.map((merged) => merged.sources.map((source) => source.ruleId).join("+"))).toEqual(["image-alt", "role-img-alt", "sia-r2", "sia-r69", "region", "sia-r57"]);
  });

  it("counts a merged finding as a violation when any source says so, with the highest impact", () => {
    const review = { ...finding("axe-core", "color-contrast", "/1/3", ["1.4.3"], "needs_review"), impact: "minor" as const };
    const violation = { ...finding("alfa", "sia-r69", "/1/3", ["1.4.3"]), impact: "serious" as const };
    const [merged] = mergeFindings([review, violation]);
    expect(merged).toMatchObject({ kind: "violation", impact: "serious" });
  });

  it("describes provenance by engine name", () => {
    const sources = [{ engine: "axe-core" }, { engine: "alfa" }, { engine: "alfa" }];
    expect(describeSources(sources, new Map([["alfa", "Siteimprove Alfa"]]))).toBe("found by axe-core, Siteimprove Alfa");
  });
});
