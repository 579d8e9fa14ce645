import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps same-site paths", () => {
    expect(safeCallbackUrl("/projects/1?tab=sessions")).toBe("/projects/1?tab=sessions");
  });

  it("refuses other sites and odd forms", () => {
    for (const value of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", undefined, ""]) {
      expect(safeCallbackUrl(value)).toBe("/projects");
    }
  });
});
