import { describe, expect, it } from "vitest";
import { createSessionSchema, isOnSite, MAX_SCOPE_URLS, parseScopeLines, toApiWcagVersion, toDbWcagVersion } from "./schema";

describe("session schema", () => {
  it("maps WCAG versions between the API and the database", () => {
    expect(toDbWcagVersion("2.1")).toBe("v2_1");
    expect(toApiWcagVersion(toDbWcagVersion("2.2"))).toBe("2.2");
  });

  it("treats the site's subdomains and www as on the site", () => {
    expect(isOnSite("https://example.org/a", "https://www.example.org/")).toBe(true);
    expect(isOnSite("https://shop.example.org/a", "https://example.org/")).toBe(true);
    expect(isOnSite("https://example.org.evil.com/", "https://example.org/")).toBe(false);
  });

  it("reads one URL per line and caps explicit lists", () => {
    expect(parseScopeLines(" https://a.example/ \r\n\nhttps://b.example/\n")).toEqual(["https://a.example/", "https://b.example/"]);
    const urls = Array.from({ length: MAX_SCOPE_URLS + 1 }, (_, index) => `https://example.org/${index}`);
    const result = createSessionSchema.safeParse({ name: "Too many", scope: { urls } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(["scope", "urls"]);
  });

  it("defaults to an automated WCAG 2.2 AA draft", () => {
    expect(createSessionSchema.parse({ name: "Defaults", scope: { urls: ["https://example.org/"] } })).toMatchObject({
      approach: "automated",
      wcagVersion: "2.2",
      wcagLevel: "AA",
    });
  });
});
