import { describe, expect, it } from "vitest";
import { matchesPattern, normalizeUrl, pagePath, passesFilters } from "./url";

describe("normalizeUrl", () => {
  it("drops fragments, credentials, default ports and an empty query, and lower-cases the host", () => {
    expect(normalizeUrl("HTTP://Example.COM:80/Docs#intro")).toBe("http://example.com/Docs");
    expect(normalizeUrl("https://example.com:443")).toBe("https://example.com/");
    expect(normalizeUrl("https://example.com/")).toBe("https://example.com/");
    expect(normalizeUrl("https://example.com:8443/a?")).toBe("https://example.com:8443/a");
    expect(normalizeUrl("https://user:pw@example.com/a?b=1#c")).toBe("https://example.com/a?b=1");
  });

  it("never changes the path: a trailing slash names another resource on many servers", () => {
    expect(normalizeUrl("https://shop.example/shop/products/")).toBe("https://shop.example/shop/products/");
    expect(normalizeUrl("https://shop.example/shop/products/#reviews")).toBe("https://shop.example/shop/products/");
    expect(normalizeUrl("https://shop.example/shop/products")).toBe("https://shop.example/shop/products");
    expect(normalizeUrl("https://example.com/a//")).toBe("https://example.com/a//");
    expect(normalizeUrl("HTTP://Example.COM:80/Docs/#intro")).toBe("http://example.com/Docs/");
  });

  it("folds only truly equal spellings of one URL", () => {
    const spellings = ["https://Example.com:443/a/?x=1#top", "https://example.com/a/?x=1", "HTTPS://EXAMPLE.COM/a/?x=1#"];
    expect(new Set(spellings.map((url) => normalizeUrl(url))).size).toBe(1);
    expect(normalizeUrl("https://example.com/a/")).not.toBe(normalizeUrl("https://example.com/a"));
  });

  it("resolves relative links against a base", () => {
    expect(normalizeUrl("../b/", "http://127.0.0.1:8080/a/c/")).toBe("http://127.0.0.1:8080/a/b/");
    expect(normalizeUrl("#top", "http://x.test/page")).toBe("http://x.test/page");
    expect(normalizeUrl("?q=1", "http://x.test/page/")).toBe("http://x.test/page/?q=1");
  });

  it("rejects what is not an http(s) page address", () => {
    expect(normalizeUrl("mailto:a@b.c")).toBeUndefined();
    expect(normalizeUrl("javascript:void(0)", "http://x.test/")).toBeUndefined();
    expect(normalizeUrl("ftp://x.test/file")).toBeUndefined();
    expect(normalizeUrl("not a url")).toBeUndefined();
  });
});

describe("crawl filters", () => {
  it("matches path patterns with * wildcards", () => {
    expect(matchesPattern("http://x.test/blog/2024/post", "/blog/*")).toBe(true);
    expect(matchesPattern("http://x.test/blog", "/blog/*")).toBe(false);
    expect(matchesPattern("http://x.test/shop?page=2", "/shop?page=*")).toBe(true);
    expect(matchesPattern("http://x.test/a.pdf", "*.pdf")).toBe(true);
    expect(pagePath("http://x.test/a/b?c=d")).toBe("/a/b?c=d");
  });

  it("lets exclude patterns win over include patterns", () => {
    expect(passesFilters("http://x.test/docs/a", ["/docs/*"], [])).toBe(true);
    expect(passesFilters("http://x.test/blog/a", ["/docs/*"], [])).toBe(false);
    expect(passesFilters("http://x.test/docs/private/a", ["/docs/*"], ["/docs/private/*"])).toBe(false);
    expect(passesFilters("http://x.test/anything", [], [])).toBe(true);
  });
});
