/**
 * Which API paths exist and which methods each answers, read from the route files under
 * app/api (the file system is Next.js's router, so it is the one list there is). The web server
 * uses it to answer unknown paths with a JSON 404 and unsupported methods with a JSON 405 and
 * `Allow` before Next.js sees the request: Next answers a method a route does not export with an
 * empty 405 and no `Allow`, and a method outside its list (TRACE) with a 500.
 */
import fs from "node:fs";
import path from "node:path";

export const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type Segment = { kind: "static"; value: string } | { kind: "dynamic"; name: string } | { kind: "catch-all"; name: string };

export type ApiRoute = {
  /** As written in the app directory, e.g. /api/v1/projects/[id]/sessions. */
  pattern: string;
  file: string;
  segments: Segment[];
  /** The handlers the file exports, plus what Next.js adds: HEAD for GET, and OPTIONS. */
  methods: HttpMethod[];
};

const EXPORTED = /export\s+(?:async\s+)?(?:const|function|let)\s+(GET|HEAD|OPTIONS|POST|PUT|DELETE|PATCH)\b/g;
const EXPORTED_LIST = /export\s+(?:const|let)\s*\{([^}]*)\}\s*=/g;

/** The HTTP methods a route file exports handlers for. */
export function exportedMethods(source: string): HttpMethod[] {
  const found = new Set<string>();
  for (const match of source.matchAll(EXPORTED)) found.add(match[1]!);
  for (const match of source.matchAll(EXPORTED_LIST)) {
    for (const name of match[1]!.split(",").map((part) => part.split(":").at(-1)!.trim())) found.add(name);
  }
  return HTTP_METHODS.filter((method) => found.has(method));
}

function withImplicit(methods: HttpMethod[]): HttpMethod[] {
  const all = new Set(methods);
  if (all.has("GET")) all.add("HEAD");
  all.add("OPTIONS");
  return HTTP_METHODS.filter((method) => all.has(method));
}

function parseSegment(part: string): Segment | null {
  // Route groups "(name)" and private folders "_name" are not part of the URL.
  if (/^\(.*\)$/.test(part)) return null;
  const catchAll = /^\[\[?\.\.\.(.+?)\]\]?$/.exec(part);
  if (catchAll) return { kind: "catch-all", name: catchAll[1]! };
  const dynamic = /^\[(.+)\]$/.exec(part);
  if (dynamic) return { kind: "dynamic", name: dynamic[1]! };
  return { kind: "static", value: part };
}

export function readApiRoutes(appDir = path.join(process.cwd(), "app")): ApiRoute[] {
  const routes: ApiRoute[] = [];
  const walk = (dir: string, parts: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith("_")) walk(path.join(dir, entry.name), [...parts, entry.name]);
      else if (entry.isFile() && /^route\.(ts|js)$/.test(entry.name)) {
        const file = path.join(dir, entry.name);
        const segments = parts.map(parseSegment).filter((segment): segment is Segment => segment !== null);
        routes.push({
          pattern: `/${segments.map((segment) => (segment.kind === "static" ? segment.value : segment.kind === "dynamic" ? `[${segment.name}]` : `[...${segment.name}]`)).join("/")}`,
          file,
          segments,
          methods: withImplicit(exportedMethods(fs.readFileSync(file, "utf8"))),
        });
      }
    }
  };
  walk(path.join(appDir, "api"), ["api"]);
  return routes;
}

/** Next.js's precedence: a static segment beats a dynamic one, which beats a catch-all. */
function rank(route: ApiRoute): number[] {
  return route.segments.map((segment) => (segment.kind === "static" ? 0 : segment.kind === "dynamic" ? 1 : 2));
}

function matches(route: ApiRoute, parts: string[]): boolean {
  for (let index = 0; index < route.segments.length; index += 1) {
    const segment = route.segments[index]!;
    if (segment.kind === "catch-all") return parts.length > index;
    const part = parts[index];
    if (part === undefined) return false;
    if (segment.kind === "static" && segment.value !== part) return false;
  }
  return parts.length === route.segments.length;
}

export function createRouteMatcher(routes: ApiRoute[]) {
  const ordered = [...routes].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    for (let index = 0; index < Math.max(ra.length, rb.length); index += 1) {
      const difference = (ra[index] ?? -1) - (rb[index] ?? -1);
      if (difference !== 0) return difference;
    }
    return 0;
  });
  return (pathname: string): ApiRoute | undefined => {
    let parts: string[];
    try {
      parts = pathname.split("/").filter(Boolean).map((part) => decodeURIComponent(part));
    } catch {
      return undefined;
    }
    return ordered.find((route) => matches(route, parts));
  };
}
