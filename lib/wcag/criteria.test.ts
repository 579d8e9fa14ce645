import { describe, expect, it } from "vitest";
import { CRITERIA, CRITERIA_SOURCE, criteriaFromTags, getCriterion, tagsForLevel } from "./criteria";

describe("WCAG criteria", () => {
  it("ships the 87 WCAG 2.2 criteria with their source", () => {
    expect(CRITERIA).toHaveLength(87);
    expect(CRITERIA_SOURCE).toContain("58080bdb063746f1519d55c4714897ac4b83d171");
    expect(getCriterion("1.4.3")).toEqual({
      id: "1.4.3",
      title: "Contrast (Minimum)",
      level: "AA",
      principle: "Perceivable",
      guideline: "1.4 Distinguishable",
      understanding: "https://www.w3.org/WAI/WCAG22/Understanding/contrast-minimum.html",
    });
    expect(getCriterion("2.4.11")?.title).toBe("Focus Not Obscured (Minimum)");
    expect(getCriterion("9.9.9")).toBeUndefined();
  });

  it("maps a version and level to axe tags", () => {
    expect(tagsForLevel("2.2", "AA")).toEqual(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]);
    expect(tagsForLevel("2.1", "A")).toEqual(["wcag2a", "wcag21a"]);
    expect(tagsForLevel("2.2", "AAA")).toContain("wcag2aaa");
    expect(tagsForLevel("2.0", "AA")).toEqual(["wcag2a", "wcag2aa"]);
  });

  it("maps axe tags to criterion numbers, including two-digit parts", () => {
    expect(criteriaFromTags(["cat.color", "wcag2aa", "wcag143"])).toEqual(["1.4.3"]);
    expect(criteriaFromTags(["wcag1412", "wcag412", "wcag111", "wcag2411"])).toEqual(["1.1.1", "1.4.12", "2.4.11", "4.1.2"]);
    expect(criteriaFromTags(["wcag999", "best-practice", "wcag2a"])).toEqual([]);
  });
});
