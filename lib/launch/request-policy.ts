/**
 * What the web server answers itself, before Next.js: an /api path no route handles (404), a
 * method the route does not implement (405 with `Allow`), and methods Next.js cannot represent
 * (TRACE, CONNECT, WebDAV verbs — Next.js fails on them with a 500 and a stack trace). Every
 * answer is the API's JSON error body.
 */
import { createRouteMatcher, HTTP_METHODS, type ApiRoute, type HttpMethod } from "@/lib/api/route-table";
import { errorBody, AppError } from "@/lib/errors";

/** Pages answer GET and HEAD; server actions POST to them. */
const PAGE_METHODS: HttpMethod[] = ["GET", "HEAD", "OPTIONS", "POST"];
const UNKNOWN_PATH_ROUTE = "/api/[...path]";

export type PolicyAnswer = { status: number; headers: Record<string, string>; body: string };

function answer(error: AppError, allow?: readonly string[]): PolicyAnswer {
  return {
    status: error.status,
    headers: {
      "content-type": "application/json",
      "cache-control": "no-store",
      ...(allow ? { allow: allow.join(", ") } : {}),
    },
    body: JSON.stringify(errorBody(error)),
  };
}

function methodNotAllowed(method: string, pathname: string, allow: readonly string[]): PolicyAnswer {
  const shown = method.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 32) || "This method";
  return answer(new AppError("method_not_allowed", `${shown} is not supported on ${pathname}; use ${allow.join(", ")}.`), allow);
}

export function createRequestPolicy(routes: ApiRoute[]) {
  const match = createRouteMatcher(routes);
  return (method: string, pathname: string): PolicyAnswer | null => {
    const isApi = pathname === "/api" || pathname.startsWith("/api/");
    if (!isApi) return (HTTP_METHODS as readonly string[]).includes(method) ? null : methodNotAllowed(method, pathname, PAGE_METHODS);
    const route = match(pathname);
    if (!route || route.pattern === UNKNOWN_PATH_ROUTE) {
      return answer(new AppError("not_found", `No API endpoint at ${pathname}. The API is described at /api/v1/openapi.json.`));
    }
    return (route.methods as readonly string[]).includes(method) ? null : methodNotAllowed(method, pathname, route.methods);
  };
}
