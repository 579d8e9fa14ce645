import { describe, expect, it } from "vitest";
import { pageScore, scanScore, scoreBand } from "./score";

const none = { critical: 0, serious: 0, moderate: 0, minor: 0 };

describe("scores", () => {
  it("gives a page without unresolved findings 100 and takes points per failing rule by impact", () => {
    expect(pageScore(none)).toBe(100);
    expect(pageScore({ ...none, critical: 1 })).toBe(85);
    expect(pageScore({ critical: 1, serious: 2, moderate: 1, minor: 3 })).toBe(100 - 15 - 16 - 3 - 3);
  });

  it("never goes below zero", () => {
    expect(pageScore({ ...none, critical: 9 })).toBe(0);
  });

  it("averages the scanned pages for a scan, and has no score when nothing was scanned", () => {
    expect(scanScore([100, 85, 70])).toBe(85);
    expect(scanScore([100, 99])).toBe(100);
    expect(scanScore([])).toBeNull();
  });

  it("names the band so colour is not the only cue", () => {
    expect([scoreBand(95), scoreBand(90), scoreBand(89), scoreBand(50), scoreBand(49)]).toEqual(["good", "good", "needs work", "needs work", "poor"]);
  });
});
