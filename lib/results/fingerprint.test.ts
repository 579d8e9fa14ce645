import { describe, expect, it } from "vitest";
import { fingerprintFinding, normalizeSelector } from "./fingerprint";

describe("normalizeSelector", () => {
  it("folds whitespace around combinators", () => {
    expect(normalizeSelector("  main>ul  li:nth-child(2) +a ")).toBe("main > ul li:nth-child(2) + a");
  });

  it("folds generated class names and numeric ids", () => {
    expect(normalizeSelector(".css-1x2y3z > button")).toBe(".css-* > button");
    expect(normalizeSelector("#ember1234 .jsx-99821")).toBe("#ember* .jsx-*");
    expect(normalizeSelector("#step2 > li:nth-child(12)")).toBe("#step2 > li:nth-child(12)");
  });
});

describe("fingerprintFinding", () => {
  const base = { ruleId: "image-alt", selector: "main > img", url: "https://a.test/about" };

  it("is stable across origins, fragments of whitespace and regenerated ids", () => {
    const first = fingerprintFinding(base);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprintFinding({ ...base, url: "http://staging.a.test:8080/about" })).toBe(first);
    expect(fingerprintFinding({ ...base, selector: "main>img" })).toBe(first);
  });

  it("differs by rule, selector and page", () => {
    const first = fingerprintFinding(base);
    expect(fingerprintFinding({ ...base, ruleId: "color-contrast" })).not.toBe(first);
    expect(fingerprintFinding({ ...base, selector: "footer > img" })).not.toBe(first);
    expect(fingerprintFinding({ ...base, url: "https://a.test/contact" })).not.toBe(first);
    expect(fingerprintFinding({ ...base, url: "https://a.test/about?lang=fr" })).not.toBe(first);
  });
});
