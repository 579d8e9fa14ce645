import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { extractLocs, readSitemapUrls } from "./sitemap";

let server: Server | undefined;

async function stopServing(): Promise<void> {
  const running = server;
  server = undefined;
  if (running) await new Promise((resolve) => running.close(resolve));
}

afterEach(stopServing);

/** Serves the given XML documents by path; anything else is a 404. */
async function serve(documents: (origin: string) => Record<string, string>): Promise<string> {
  let origin = "";
  server = createServer((request, response) => {
    const body = documents(origin)[request.url ?? ""];
    response.writeHead(body ? 200 : 404, { "content-type": "application/xml" });
    response.end(body ?? "");
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return origin;
}

const urlset = (...locs: string[]) => `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.map((loc) => `<url><loc>${loc}</loc></url>`).join("")}</urlset>`;
const index = (...locs: string[]) => `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.map((loc) => `<sitemap><loc>${loc}</loc></sitemap>`).join("")}</sitemapindex>`;

describe("readSitemapUrls", () => {
  it("reads the sitemaps a sitemap index lists on the same origin, and only their same-origin pages", async () => {
    const origin = await serve((origin) => ({
      "/sitemap.xml": index(`${origin}/pages.xml`, `${origin}/posts.xml`, "http://other.test/sitemap.xml", `${origin}/missing.xml`),
      "/pages.xml": urlset(`${origin}/`, `${origin}/about#team`, "http://other.test/elsewhere"),
      "/posts.xml": urlset(`${origin}/posts/1`, `${origin}/about`),
    }));
    expect((await readSitemapUrls(origin, 100)).sort()).toEqual([`${origin}/`, `${origin}/about`, `${origin}/posts/1`]);
  });

  it("stops at the page limit", async () => {
    const origin = await serve((origin) => ({ "/sitemap.xml": urlset(`${origin}/a`, `${origin}/b`, `${origin}/c`) }));
    expect(await readSitemapUrls(origin, 2)).toEqual([`${origin}/a`, `${origin}/b`]);
  });

  it("finds nothing, without failing, when the sitemap is missing or is not a sitemap", async () => {
    const missing = await serve(() => ({}));
    expect(await readSitemapUrls(missing, 10)).toEqual([]);
    await stopServing();
    const notXml = await serve(() => ({ "/sitemap.xml": "<!doctype html><title>Home</title>" }));
    expect(await readSitemapUrls(notXml, 10)).toEqual([]);
  });
});

describe("extractLocs", () => {
  it("reads CDATA and decodes entities", () => {
    expect(extractLocs("<loc><![CDATA[http://a.test/?x=1&y=2]]></loc><loc> http://a.test/?q=a&amp;b </loc>")).toEqual(["http://a.test/?x=1&y=2", "http://a.test/?q=a&b"]);
  });
});
