import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps same-site paths", () => {
    expect(safeCallbackUrl("/projects/1?tab=sessions")).toBe("/projects/1?tab=sessions");
    expect(safeCallbackUrl("/projects?q=caf%C3%A9#top")).toBe("/projects?q=caf%C3%A9#top");
  });

  it("refuses other sites and odd forms", () => {
    for (const value of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "javascript:alert(1)",
      // Browsers strip tabs and new lines: these would become //evil.example.
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/projects?q=\n",
      "/projects\u0000",
      undefined,
      "",
      ["/projects/1", "/projects/2"],
    ]) {
      expect(safeCallbackUrl(value)).toBe("/projects");
    }
  });
});
