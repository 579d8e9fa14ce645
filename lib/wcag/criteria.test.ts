import { describe, expect, it } from "vitest";
import { CRITERIA, CRITERIA_SOURCE, criteriaFromTags, criteriaInScope, getCriterion, tagsForLevel } from "./criteria";

describe("WCAG criteria", () => {
  it("ships the 87 WCAG 2.2 criteria with their source", () => {
    expect(CRITERIA).toHaveLength(87);
    expect(CRITERIA_SOURCE).toContain("58080bdb063746f1519d55c4714897ac4b83d171");
    expect(getCriterion("1.4.3")).toEqual({
      id: "1.4.3",
      title: "Contrast (Minimum)",
      level: "AA",
      since: "2.0",
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

  it("lists the criteria in scope of a version and level", () => {
    const ids = (version: "2.1" | "2.2", level: "A" | "AA" | "AAA") => criteriaInScope(version, level).map((criterion) => criterion.id);
    // WCAG 2.2: 31 A + 24 AA + 31 AAA; 4.1.1 is obsolete and out of every 2.2 scope.
    expect(ids("2.2", "A")).toHaveLength(31);
    expect(ids("2.2", "AA")).toHaveLength(55);
    expect(ids("2.2", "AAA")).toHaveLength(86);
    expect(ids("2.2", "AA")).toContain("2.4.11");
    expect(ids("2.2", "AA")).not.toContain("4.1.1");
    expect(ids("2.2", "AA")).not.toContain("1.4.6");
    // WCAG 2.1: no 2.2 additions, 4.1.1 still level A.
    expect(ids("2.1", "AA")).toHaveLength(50);
    expect(ids("2.1", "AA")).toContain("4.1.1");
    expect(ids("2.1", "AA")).not.toContain("2.4.11");
    expect(criteriaInScope("2.1", "A").find((criterion) => criterion.id === "4.1.1")?.level).toBe("A");
  });
});
