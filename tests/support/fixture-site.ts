/**
 * A tiny website with known accessibility problems and known failure modes, served on
 * 127.0.0.1 at a random port for scan tests and the scan benchmark. Counts every request per
 * path, so tests can prove what was (not) fetched.
 */
import { readFileSync, readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";

export type FixtureSite = {
  origin: string;
  url(pathname: string): string;
  /** Requests received per path (query string excluded). */
  hits: Map<string, number>;
  /** The user agent of the last request per path. */
  userAgents: Map<string, string>;
  /** Whether /changing has had its problems fixed (to compare scans before and after). */
  setFixed(fixed: boolean): void;
  close(): Promise<void>;
};

export type FixtureSiteOptions = {
  /** Origin of the off-site link on the home page. */
  externalOrigin?: string;
  /** Number of generated /gen/<n> pages (for crawls and the benchmark). */
  generatedPages?: number;
  /** Delay before /api/items answers, to prove the scanner waits for script-loaded content. */
  apiDelayMs?: number;
  /** Served at /robots.txt ("ORIGIN" replaced by the site's origin); without it, /robots.txt is a 404. */
  robotsTxt?: string;
};

const PAGES_DIR = path.join(import.meta.dirname, "..", "fixtures", "site");
// A 1×1 grey PNG.
const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==", "base64");

function loadPages(): Map<string, string> {
  const pages = new Map<string, string>();
  for (const file of readdirSync(PAGES_DIR)) {
    if (file.endsWith(".html")) pages.set(file === "index.html" ? "/" : `/${file.slice(0, -5)}`, readFileSync(path.join(PAGES_DIR, file), "utf8"));
  }
  return pages;
}

/** A generated page: a few known problems (image-alt, color-contrast, label) and links onward. */
export function generatedPage(index: number, count: number): string {
  const links = [index + 1, index + 2, index * 2 + 1, 0]
    .filter((target) => target < count && target !== index)
    .map((target) => `<li><a href="/gen/${target}">Page ${target}</a></li>`)
    .join("");
  const paragraphs = Array.from(
    { length: 8 },
    (_, n) => `<p>Paragraph ${n + 1} of page ${index}: some ordinary body text that a reader would scan through.</p>`,
  ).join("\n");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Generated page ${index}</title>
<style>body{font-family:sans-serif;max-width:60em;margin:auto}.faint{color:#b0b0b0}nav a{display:inline-block;min-height:24px;padding:2px 0}</style></head>
<body>
<header><img class="logo" src="/logo.png"><nav aria-label="Site"><ul>${links}</ul></nav></header>
<main>
<h1>Generated page ${index}</h1>
${paragraphs}
<p class="faint">Faint footnote on page ${index}.</p>
<form><input type="search" name="q"><button type="submit">Search</button></form>
<table><caption>Figures</caption><tr><th scope="col">Year</th><th scope="col">Value</th></tr><tr><td>2024</td><td>${index}</td></tr></table>
</main>
<footer><p>Footer of page ${index}</p></footer>
</body>
</html>`;
}

export async function startFixtureSite(options: FixtureSiteOptions = {}): Promise<FixtureSite> {
  const pages = loadPages();
  const hits = new Map<string, number>();
  const userAgents = new Map<string, string>();
  const sockets = new Set<Socket>();
  const generatedPages = options.generatedPages ?? 0;
  let origin = "";
  let fixed = false;

  const server = http.createServer((request, response) => {
    const pathname = new URL(request.url ?? "/", "http://fixture").pathname;
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    userAgents.set(pathname, request.headers["user-agent"] ?? "");
    const html = (status: number, body: string) => {
      response.writeHead(status, { "content-type": "text/html; charset=utf-8" });
      response.end(body);
    };
    const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, "").replace(/\.html$/, "") : pathname;
    const generated = /^\/gen\/(\d+)$/.exec(trimmed);
    switch (trimmed) {
      case "/error-500":
        return html(500, "<!doctype html><title>Oops</title><h1>Internal error</h1>");
      case "/slow":
        // Headers and half a document, then nothing: the load event never fires.
        response.writeHead(200, { "content-type": "text/html" });
        response.write("<!doctype html><html lang=en><title>Slow</title><h1>Still loading");
        return;
      case "/loop-a":
        response.writeHead(302, { location: "/loop-b" });
        return response.end();
      case "/loop-b":
        response.writeHead(302, { location: "/loop-a" });
        return response.end();
      case "/data.json":
        response.writeHead(200, { "content-type": "application/json" });
        return response.end(JSON.stringify({ not: "html" }));
      case "/api/items":
        setTimeout(() => {
          response.writeHead(200, { "content-type": "application/json" });
          response.end(JSON.stringify([{ src: "/pixel.png", href: "/script-link", label: "More pictures" }]));
        }, options.apiDelayMs ?? 300);
        return;
      case "/api/stream": {
        // A response that never ends: a line every half second until the client goes away.
        response.writeHead(200, { "content-type": "text/plain", "cache-control": "no-store" });
        const ticker = setInterval(() => response.write("tick\n"), 500);
        response.on("close", () => clearInterval(ticker));
        return;
      }
      case "/pixel.png":
      case "/logo.png":
        response.writeHead(200, { "content-type": "image/png", "cache-control": "max-age=3600" });
        return response.end(PIXEL);
      case "/changing":
        return html(
          200,
          `<!doctype html><html lang="en"><head><title>Changing page</title></head><body><main><h1>Changing</h1>` +
            (fixed ? `<img id="chart" src="/pixel.png" alt="Sales chart">` : `<img id="chart" src="/pixel.png">`) +
            `<label>Email <input id="email" type="email"></label></main></body></html>`,
        );
      case "/robots.txt":
        if (options.robotsTxt === undefined) break;
        response.writeHead(200, { "content-type": "text/plain" });
        return response.end(options.robotsTxt.replaceAll("ORIGIN", origin));
      case "/extra-sitemap.xml":
        response.writeHead(200, { "content-type": "application/xml" });
        return response.end(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${origin}/gen/7</loc></url></urlset>`);
      case "/sitemap.xml":
        response.writeHead(200, { "content-type": "application/xml" });
        return response.end(
          `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
            `<url><loc>${origin}/sitemap-only</loc></url><url><loc>${origin}/clean#from-sitemap</loc></url>` +
            `<url><loc>https://elsewhere.invalid/page</loc></url></urlset>`,
        );
    }
    if (generated?.[1] && Number(generated[1]) < generatedPages) return html(200, generatedPage(Number(generated[1]), generatedPages));
    const page = pages.get(trimmed);
    if (page) {
      return html(
        200,
        page
          .replaceAll("EXTERNAL_ORIGIN", options.externalOrigin ?? "http://external.invalid")
          // The same server under another name: another origin and site, for frames.
          .replaceAll("OTHER_ORIGIN", origin.replace("127.0.0.1", "localhost")),
      );
    }
    return html(404, "<!doctype html><title>Not found</title><h1>Not found</h1>");
  });
  server.keepAliveTimeout = 1_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (pathname) => `${origin}${pathname}`,
    hits,
    userAgents,
    setFixed: (value) => {
      fixed = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
