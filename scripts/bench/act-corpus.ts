/**
 * An ACT Rules test-case corpus (see /work/shared/act-rules/README.md for the full one; the tests
 * use tests/fixtures/act-mini): its manifest, which examples are scored, and a static server
 * that makes the corpus folder the web root of 127.0.0.1:<random port>.
 */
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";

export type Expected = "passed" | "failed" | "inapplicable";

export type ActExample = {
  ruleId: string;
  ruleName: string;
  /** Path within the corpus, e.g. "5f99a7/passed-1.html". */
  file: string;
  expected: Expected;
  /** The rule's WCAG success criteria (conformance ones only). */
  wcag: string[];
  deprecated: boolean;
  /** A fragment wrapped in the corpus's minimal document (the same as _control/wrapper.html). */
  wrapped: boolean;
};

/** The page that is nothing but the wrapper around one paragraph: a rule firing there reacts to the wrapper. */
export const CONTROL_FILE = "_control/wrapper.html";

/** Only HTML, SVG and XHTML examples are scored (the corpus's README). */
const SCORED_EXTENSIONS = new Set([".html", ".htm", ".svg", ".xhtml"]);

export function readManifest(corpusDir: string): ActExample[] {
  const file = path.join(corpusDir, "manifest.json");
  if (!existsSync(file)) throw new Error(`${file} not found: give the folder of an ACT Rules corpus (with manifest.json).`);
  const entries = JSON.parse(readFileSync(file, "utf8")) as unknown;
  if (!Array.isArray(entries)) throw new Error(`${file}: expected a JSON array of examples.`);
  return entries.map((entry: Record<string, unknown>, index) => {
    const expected = entry.expected;
    if (typeof entry.ruleId !== "string" || typeof entry.file !== "string" || (expected !== "passed" && expected !== "failed" && expected !== "inapplicable")) {
      throw new Error(`${file}: entry ${index} needs ruleId, file and expected (passed, failed or inapplicable).`);
    }
    return {
      ruleId: entry.ruleId,
      ruleName: typeof entry.ruleName === "string" ? entry.ruleName : entry.ruleId,
      file: entry.file,
      expected,
      wcag: Array.isArray(entry.wcag) ? entry.wcag.filter((id): id is string => typeof id === "string") : [],
      deprecated: entry.deprecated === true,
      wrapped: entry.wrapped === true,
    };
  });
}

/** Rules that are not deprecated and map to at least one WCAG criterion, HTML/SVG/XHTML examples. */
export function scoredExamples(examples: readonly ActExample[]): ActExample[] {
  return examples.filter((example) => !example.deprecated && example.wcag.length > 0 && SCORED_EXTENSIONS.has(path.extname(example.file).toLowerCase()));
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".xhtml": "application/xhtml+xml",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".ogv": "video/ogg",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
  ".oga": "audio/ogg",
  ".ogg": "audio/ogg",
  ".vtt": "text/vtt",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
};

export type CorpusServer = { origin: string; url(file: string): string; close(): Promise<void> };

/** Serves the corpus folder read-only on 127.0.0.1; nothing outside it is reachable. */
export async function serveCorpus(corpusDir: string): Promise<CorpusServer> {
  const root = path.resolve(corpusDir);
  const sockets = new Set<Socket>();
  const server = http.createServer((request, response) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const file = path.resolve(root, `.${pathname}`);
    const inside = file === root || file.startsWith(`${root}${path.sep}`);
    if (!inside || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    response.writeHead(200, {
      "content-type": CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      "content-length": statSync(file).size,
      "cache-control": "no-store",
    });
    if (request.method === "HEAD") response.end();
    else createReadStream(file).pipe(response);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (file) => `${origin}/${file.split("/").map(encodeURIComponent).join("/")}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
