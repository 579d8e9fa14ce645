import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readManifest, scoredExamples } from "./act-corpus";
import { engineView, PRODUCT_VIEW, runActCorpus, scoreView, type ActRun } from "./act-run";
import { detectionRate, falseAlarmRate } from "./act-score";

const MINI = path.join(import.meta.dirname, "..", "..", "tests", "fixtures", "act-mini");

let run: ActRun;

beforeAll(async () => {
  run = await runActCorpus({ corpusDir: MINI, concurrency: 2 });
}, 120_000);

describe("bench:act on the miniature corpus", () => {
  it("scores only HTML/SVG/XHTML examples of rules that are current and map to WCAG", () => {
    expect(scoredExamples(readManifest(MINI)).map((example) => example.file)).toEqual([
      "img/failed-1.html",
      "img/passed-1.html",
      "img/passed-2.html",
      "img/inapplicable-1.html",
      "img/inapplicable-2.svg",
      "lang/failed-1.html",
      "lang/failed-2.html",
      "parts/failed-1.html",
    ]);
  });

  it("judges every example by the README's rules, with the control page's rules not credited on wrapped examples", () => {
    for (const view of [PRODUCT_VIEW, engineView("axe-core")]) {
      const scored = scoreView(run, view);
      const verdicts = Object.fromEntries(run.examples.map((example, index) => [example.file, scored.judged[index]!.verdict]));
      expect(verdicts).toEqual({
        "img/failed-1.html": "detected",
        "img/passed-1.html": "clean",
        // Mislabelled on purpose: the image has no alternative.
        "img/passed-2.html": "false_alarm",
        "img/inapplicable-1.html": "clean",
        // Not an HTML document: the product does not scan it (an error), so it raises no alarm.
        "img/inapplicable-2.svg": "clean",
        // html-has-lang fires on the (lang-less) control page too, so a wrapped example is not its detection.
        "lang/failed-1.html": "missed",
        "lang/failed-2.html": "detected",
        // The violation found (3.1.1) is not the rule's criterion (3.1.2).
        "parts/failed-1.html": "missed",
      });
      expect(scored.wrapperRules.some((rule) => rule.endsWith(":html-has-lang"))).toBe(true);
      const { total, byRule, byCriterion } = scored.summary;
      expect(total).toEqual({ failed: 4, detected: 2, clean: 4, falseAlarms: 1, errors: 1 });
      expect(detectionRate(total)).toBe(0.5);
      expect(falseAlarmRate(total)).toBe(0.25);
      expect(byRule.get("lang")).toEqual({ failed: 2, detected: 1, clean: 0, falseAlarms: 0, errors: 0 });
      expect(byCriterion.get("3.1.2")).toEqual({ failed: 1, detected: 0, clean: 0, falseAlarms: 0, errors: 0 });
      expect(byCriterion.get("1.1.1")).toEqual({ failed: 1, detected: 1, clean: 4, falseAlarms: 1, errors: 1 });
    }
    const svg = run.runs[run.examples.findIndex((example) => example.file.endsWith(".svg"))]!;
    expect(svg.error).toMatch(/^Not an HTML page/);
    expect(run.engineVersions["axe-core"]).toMatch(/^\d+\.\d+\.\d+/);
  });
});
