import { describe, expect, it } from "vitest";
import { isAllowedByRobots, parseRobots } from "./robots";

const UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/143.0.0.0 Safari/537.36 ClearsightScanner/1.0";
const allowed = (text: string, path: string, agent = UA) => isAllowedByRobots(parseRobots(text, agent), `https://example.org${path}`);

describe("robots.txt", () => {
  it("uses the scanner's own group when there is one, else *", () => {
    const text = "User-agent: *\nDisallow: /private\n\nUser-agent: clearsightscanner\nDisallow: /drafts\n";
    expect(allowed(text, "/private/x")).toBe(true);
    expect(allowed(text, "/drafts/1")).toBe(false);
    expect(allowed(text, "/private/x", "SomeOtherBot/2.0")).toBe(false);
    expect(allowed(text, "/drafts/1", "SomeOtherBot/2.0")).toBe(true);
  });

  it("lets the longest rule win, Allow on a tie, with * and $ patterns", () => {
    const text = "User-agent: *\nDisallow: /shop\nAllow: /shop/public\nDisallow: /*.pdf$\nDisallow: /search?\nDisallow:\n";
    expect(allowed(text, "/shop/cart")).toBe(false);
    expect(allowed(text, "/shop/public/item")).toBe(true);
    expect(allowed(text, "/files/report.pdf")).toBe(false);
    expect(allowed(text, "/files/report.pdf.html")).toBe(true);
    expect(allowed(text, "/search?q=a")).toBe(false);
    expect(allowed(text, "/about")).toBe(true);
    expect(allowed("User-agent: *\nDisallow: /page\nAllow: /page\n", "/page")).toBe(true);
  });

  it("treats grouped user agents, comments and odd spacing as the standard says", () => {
    const text = "# comment\nUser-agent: a-bot\nuser-agent : ClearsightScanner # us\nDisallow : /x # not /x-ray\n\nSitemap: https://example.org/s1.xml\nsitemap:https://example.org/s2.xml\n";
    const robots = parseRobots(text, UA);
    expect(robots.sitemaps).toEqual(["https://example.org/s1.xml", "https://example.org/s2.xml"]);
    expect(isAllowedByRobots(robots, "https://example.org/x-ray")).toBe(false);
    expect(isAllowedByRobots(robots, "https://example.org/y")).toBe(true);
  });

  it("allows everything without rules for the scanner", () => {
    expect(allowed("", "/anything")).toBe(true);
    expect(allowed("User-agent: other\nDisallow: /\n", "/anything")).toBe(true);
  });
});
