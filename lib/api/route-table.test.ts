import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createRequestPolicy } from "@/lib/launch/request-policy";
import { createRouteMatcher, exportedMethods, HTTP_METHODS, readApiRoutes } from "./route-table";

const routes = readApiRoutes();

describe("the API route table", () => {
  it("lists exactly the handlers each route file exports", async () => {
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const loaded = (await import(/* @vite-ignore */ route.file)) as Record<string, unknown>;
      const file = path.relative(process.cwd(), route.file);
      const read = exportedMethods(readFileSync(route.file, "utf8"));
      expect({ file, methods: read }).toEqual({ file, methods: HTTP_METHODS.filter((method) => typeof loaded[method] === "function") });
    }
  }, 120_000);

  it("reads the export forms route files use", () => {
    expect(exportedMethods("export async function POST() {}\nexport const GET = apiRoute();")).toEqual(["GET", "POST"]);
    expect(exportedMethods("export const { GET, POST: create } = handlers;")).toEqual(["GET"]);
    expect(exportedMethods("const GET = 1; export function helper() {}")).toEqual([]);
  });

  it("matches paths the way Next.js does: static, then dynamic, then catch-all segments", () => {
    const match = createRouteMatcher(routes);
    expect(match("/api/v1/me")?.pattern).toBe("/api/v1/me");
    expect(match("/api/v1/projects/123")?.pattern).toBe("/api/v1/projects/[id]");
    expect(match("/api/v1/projects/123/sessions")?.pattern).toBe("/api/v1/projects/[id]/sessions");
    expect(match("/api/v1/projects/123/nothing")?.pattern).toBe("/api/[...path]");
    expect(match("/api/auth/session")?.pattern).toBe("/api/auth/[...nextauth]");
    expect(match("/api/health/")?.pattern).toBe("/api/health");
  });
});

describe("the request policy", () => {
  const policy = createRequestPolicy(routes);

  it("passes what a route implements, including HEAD for GET and OPTIONS", () => {
    expect(policy("GET", "/api/v1/me")).toBeNull();
    expect(policy("HEAD", "/api/v1/me")).toBeNull();
    expect(policy("OPTIONS", "/api/v1/projects")).toBeNull();
    expect(policy("POST", "/api/v1/projects")).toBeNull();
    expect(policy("GET", "/projects")).toBeNull();
  });

  it("answers a method the route lacks with a JSON 405 and Allow", () => {
    const answer = policy("DELETE", "/api/v1/me")!;
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe("GET, HEAD, OPTIONS");
    expect(JSON.parse(answer.body)).toEqual({ error: { code: "method_not_allowed", message: "DELETE is not supported on /api/v1/me; use GET, HEAD, OPTIONS." } });
    expect(policy("TRACE", "/api/v1/projects")).toMatchObject({ status: 405, headers: { allow: "GET, HEAD, OPTIONS, POST" } });
    expect(policy("TRACE", "/projects")).toMatchObject({ status: 405, headers: { allow: "GET, HEAD, OPTIONS, POST" } });
  });

  it("answers an unknown API path with a JSON 404 whatever the method", () => {
    for (const method of ["GET", "POST", "TRACE"]) {
      const answer = policy(method, "/api/v1/nothing-here")!;
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "not_found" } });
    }
    expect(policy("GET", "/api")).toMatchObject({ status: 404 });
  });
});
