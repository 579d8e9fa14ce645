import { describe, expect, it } from "vitest";
import { authConfigRecordSchema, customStepSchema, formatStepLines, isOnDomain, parseStepLines } from "./schema";

describe("custom step lines", () => {
  it("parses every step kind and formats them back to the same text", () => {
    const text = [
      "goto https://app.example.org/login",
      "fill #email => {username}",
      "fill #password => {secret}",
      "fill input[name=tenant] => acme",
      "click button[type=submit]",
      "wait-for-selector .dashboard",
      "wait-for-url /home",
    ].join("\n");
    const steps = parseStepLines(`\n${text}\n\n`).map((step) => customStepSchema.parse(step));
    expect(steps[1]).toEqual({ action: "fill", selector: "#email", source: "username" });
    expect(steps[3]).toEqual({ action: "fill", selector: "input[name=tenant]", source: "text", text: "acme" });
    expect(formatStepLines(steps)).toBe(text);
  });

  it("leaves an unknown step for validation to reject", () => {
    expect(customStepSchema.safeParse(parseStepLines("teleport #moon")[0]).success).toBe(false);
  });
});

describe("auth config domains", () => {
  it("accepts the domain itself and its subdomains only", () => {
    expect(isOnDomain("https://example.org/x", "example.org")).toBe(true);
    expect(isOnDomain("https://app.example.org/", "example.org")).toBe(true);
    expect(isOnDomain("https://badexample.org/", "example.org")).toBe(false);
    expect(isOnDomain("not a url", "example.org")).toBe(false);
  });

  it("reports cross-field problems together with per-field ones", () => {
    const result = authConfigRecordSchema.safeParse({ type: "basic", name: "", domain: "example.org", url: "https://evil.example.com/" });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join(".")).sort()).toEqual(["name", "url", "username"]);
  });
});
