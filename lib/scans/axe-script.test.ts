import { runInNewContext, Script } from "node:vm";
import { describe, expect, it } from "vitest";
import { AXE_MIN_SOURCE, asciiOnly } from "./axe-script";

describe("asciiOnly", () => {
  it("escapes characters outside ASCII without changing what the script means", () => {
    const source = `var o = { ε: 1 }; o.ε += 1; ({ total: o.ε, note: "© 2013–2025…", quoted: '\\u00e9' })`;
    const escaped = asciiOnly(source);
    expect(escaped).toMatch(/^[\x00-\x7f]*$/);
    expect(runInNewContext(escaped)).toEqual(runInNewContext(source));
    expect(runInNewContext(escaped)).toEqual({ total: 2, note: "© 2013–2025…", quoted: "é" });
  });
});

describe("the axe-core script pages receive", () => {
  // That it runs, in Chromium, is what the page-scan tests check.
  it("is ASCII and still parses", () => {
    expect(AXE_MIN_SOURCE).toMatch(/^[\x00-\x7f]*$/);
    expect(() => new Script(AXE_MIN_SOURCE)).not.toThrow();
  });
});
