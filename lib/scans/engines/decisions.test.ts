import { describe, expect, it } from "vitest";
import data from "./decisions.json";
import { decideKind, type Decisions } from "./decisions";

const decisions: Decisions = {
  note: "",
  engines: { alfa: { version: "0.112.0", rules: { "sia-r2": { decision: "violation", failed: 37, detected: 9, clean: 85, falseAlarms: 0 }, "sia-r8": { decision: "needs_review", failed: 72, detected: 12, clean: 157, falseAlarms: 7 } } } },
};

describe("decideKind", () => {
  it("keeps violations of rules measured quiet, and makes noisy or unmeasured rules' violations needs review", () => {
    expect(decideKind("alfa", "sia-r2", "violation", decisions)).toBe("violation");
    expect(decideKind("alfa", "sia-r8", "violation", decisions)).toBe("needs_review");
    expect(decideKind("alfa", "sia-r999", "violation", decisions)).toBe("needs_review");
    expect(decideKind("alfa", "sia-r2", "needs_review", decisions)).toBe("needs_review");
  });

  it("leaves engines without decisions (axe-core, own checks) to their own verdict", () => {
    expect(decideKind("axe-core", "image-alt", "violation", decisions)).toBe("violation");
    expect(decideKind("keyboard-trap", "keyboard-trap", "violation", decisions)).toBe("violation");
  });

  it("the shipped decisions carry the measurement behind each: violations only for rules with few false alarms", () => {
    const shipped = data as Decisions;
    const rules = Object.values(shipped.engines.alfa?.rules ?? {});
    expect(rules.length).toBeGreaterThan(10);
    for (const rule of rules.filter((rule) => rule.decision === "violation")) {
      expect(rule.detected).toBeGreaterThan(0);
      expect(rule.falseAlarms).toBeLessThanOrEqual(1);
      expect(rule.falseAlarms / Math.max(1, rule.clean)).toBeLessThanOrEqual(0.01);
    }
  });
});
