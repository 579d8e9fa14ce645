/**
 * Malformed input against every API route, derived from the route files themselves: each
 * app/api/**\/route.ts is imported, and each handler's contract (lib/api/route.ts) says which
 * params, query and body fields it reads. A new route is fuzzed without editing this file.
 * Nothing may answer 5xx, and a 400 names the field that was wrong.
 */
import { callRoute, type RouteResult } from "./call-route";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { RouteContract } from "@/lib/api/route";
import { readApiRoutes } from "@/lib/api/route-table";
import { createRequestPolicy } from "@/lib/launch/request-policy";
import { createTestUser, type TestUser } from "@/tests/support/factories";

const API_DIR = path.join(process.cwd(), "app", "api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type Handler = Parameters<typeof callRoute>[0] & { contract?: RouteContract };
type Route = { file: string; pattern: string; paramNames: string[]; handlers: Array<[method: string, handler: Handler]> };

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** The field names a schema reads at its top level (objects, through unions, intersections, defaults, pipes). */
function fieldNames(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case "object":
      return Object.keys(def.shape as Record<string, unknown>);
    case "intersection":
      return [...fieldNames(def.left as z.ZodType), ...fieldNames(def.right as z.ZodType)];
    case "union":
      return [...new Set((def.options as z.ZodType[]).flatMap((option) => fieldNames(option)))];
    case "pipe":
      return fieldNames(def.in as z.ZodType);
    case "default":
    case "prefault":
    case "optional":
    case "nullable":
      return fieldNames(def.innerType as z.ZodType);
    default:
      return [];
  }
}

const routes: Route[] = [];
beforeAll(async () => {
  for (const file of routeFiles(API_DIR).sort()) {
    const relative = path.relative(API_DIR, path.dirname(file));
    const routeModule = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    routes.push({
      file: path.relative(process.cwd(), file),
      pattern: `/api/${relative}`,
      paramNames: [...relative.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((match) => match[1]!),
      handlers: METHODS.filter((method) => typeof routeModule[method] === "function").map((method) => [method, routeModule[method] as Handler]),
    });
  }
}, 120_000);

let admin: TestUser;
beforeAll(async () => {
  admin = await createTestUser("ADMIN");
});

const NULL_BYTE = "before\u0000after";
const LONE_SURROGATE = "before\ud800after";
/** Values of the wrong kind or out of range for nearly any field. */
const BAD_VALUES: unknown[] = [true, [], {}, null, "", -1, 1e308, -1e308, 2 ** 53 + 1, 1.5, "0000-01-01", "99999-12-31", "not-a-uuid", "x".repeat(20_000), [NULL_BYTE], { [NULL_BYTE]: 1 }];
const BAD_QUERY_VALUES = ["\u0000", "%00", "-1", "1e400", "true", "[]", "", "0000-01-01", "0000-01-01T00:00:00Z", "275760-09-14", "not-a-uuid", "9".repeat(400), "1.5", "x".repeat(5_000)];
const BAD_IDS = ["not-a-uuid", "\u0000", "00000000-0000-0000-0000-00000000000g", "'; DROP TABLE users; --", "1e400", "x".repeat(1_000)];

function expectSafe(result: RouteResult, what: string) {
  expect(result.status, `${what} answered ${result.status}: ${result.text.slice(0, 300)}`).toBeLessThan(500);
  expect(result.text, what).not.toMatch(/\bat .+\.(ts|js):\d+|PrismaClient|DriverAdapterError|invalid byte sequence/);
  if (result.status === 400) {
    const fields = Object.keys(result.body?.error?.fields ?? {});
    expect(fields.length > 0 || /\b(body|JSON)\b/.test(result.body?.error?.message ?? ""), `${what}: a 400 names the field (${result.text.slice(0, 300)})`).toBe(true);
  }
}

function each(run: (route: Route, method: string, handler: Handler) => Promise<void>) {
  return async () => {
    expect(routes.length).toBeGreaterThan(20);
    let contracts = 0;
    for (const route of routes) {
      for (const [method, handler] of route.handlers) {
        if (!handler.contract) continue;
        contracts++;
        await run(route, method, handler);
      }
    }
    expect(contracts).toBeGreaterThan(20);
  };
}

const pathFor = (route: Route, params: Record<string, string>) =>
  route.pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
const validParams = (route: Route) => Object.fromEntries(route.paramNames.map((name) => [name, randomUUID()]));

describe("malformed input on every API route", () => {
  it("covers the route files it found", () => {
    expect(routes.map((route) => route.file)).toContain("app/api/v1/projects/route.ts");
  });

  it("malformed ids in the path: 4xx, a 400 names the param", each(async (route, method, handler) => {
    if (!handler.contract?.params) return;
    for (const name of route.paramNames) {
      for (const bad of BAD_IDS) {
        const params = { ...validParams(route), [name]: bad };
        const result = await callRoute(handler, { method, path: pathFor(route, validParams(route)), params, headers: admin.authHeader, ...(handler.contract.body ? { body: {} } : {}) });
        expectSafe(result, `${method} ${route.pattern} ${name}=${JSON.stringify(bad).slice(0, 40)}`);
        if (bad.includes("\u0000")) expect(result.body.error.fields).toHaveProperty(name);
      }
    }
  }), 600_000);

  it("null bytes and lone surrogates in any body field: 400 naming that field", each(async (route, method, handler) => {
    const names = fieldNames(handler.contract?.body);
    if (!handler.contract?.body) return;
    for (const name of [...names, "unknownField"]) {
      for (const bad of [NULL_BYTE, LONE_SURROGATE]) {
        const params = validParams(route);
        const result = await callRoute(handler, { method, path: pathFor(route, params), params, headers: admin.authHeader, body: { [name]: bad } });
        expectSafe(result, `${method} ${route.pattern} body.${name}`);
        expect(result.status, `${method} ${route.pattern} body.${name}`).toBe(400);
        // Path params are checked first; a route whose params are not UUIDs stops there.
        if (!/^Invalid path/.test(result.body.error.message)) expect(result.body.error.fields, `${method} ${route.pattern} body.${name}`).toHaveProperty([name]);
      }
    }
  }), 600_000);

  it("wrong types, huge and negative numbers, out-of-range dates in any body field: no 5xx", each(async (route, method, handler) => {
    if (!handler.contract?.body) return;
    for (const name of fieldNames(handler.contract.body)) {
      for (const bad of BAD_VALUES) {
        const params = validParams(route);
        const result = await callRoute(handler, { method, path: pathFor(route, params), params, headers: admin.authHeader, body: { [name]: bad } });
        expectSafe(result, `${method} ${route.pattern} body.${name}=${JSON.stringify(bad).slice(0, 40)}`);
      }
    }
    for (const body of [[], "text", 42, null, [{}], { [NULL_BYTE]: "x" }]) {
      const params = validParams(route);
      const result = await callRoute(handler, { method, path: pathFor(route, params), params, headers: admin.authHeader, body });
      expectSafe(result, `${method} ${route.pattern} body=${JSON.stringify(body)}`);
    }
  }), 600_000);

  it("bad query values on every query field: no 5xx, null bytes named", each(async (route, method, handler) => {
    if (!handler.contract?.query) return;
    for (const name of [...fieldNames(handler.contract.query), "unknown"]) {
      for (const bad of BAD_QUERY_VALUES) {
        const params = validParams(route);
        const url = `${pathFor(route, params)}?${new URLSearchParams({ [name]: bad })}`;
        const result = await callRoute(handler, { method, path: url, params, headers: admin.authHeader });
        expectSafe(result, `${method} ${route.pattern} ?${name}=${bad.slice(0, 40)}`);
        if (bad === "\u0000") {
          expect(result.status).toBe(400);
          expect(result.body.error.fields).toHaveProperty([name]);
        }
      }
      // Repeated parameters arrive as an array.
      const params = validParams(route);
      const repeated = await callRoute(handler, { method, path: `${pathFor(route, params)}?${name}=1&${name}=2`, params, headers: admin.authHeader });
      expectSafe(repeated, `${method} ${route.pattern} ?${name} twice`);
    }
  }), 600_000);

  it("methods a route does not answer, TRACE included: 405 with Allow, never a stack trace", () => {
    const policy = createRequestPolicy(readApiRoutes());
    for (const route of routes) {
      // The catch-all answers every unknown path with 404 first.
      if (route.pattern.includes("[...")) continue;
      const path = pathFor(route, validParams(route));
      const exported = new Set(route.handlers.map(([method]) => method));
      for (const method of ["TRACE", "CONNECT", "PROPFIND", "BREW", ...METHODS.filter((candidate) => !exported.has(candidate))]) {
        const answer = policy(method, path);
        expect(answer?.status, `${method} ${route.pattern}`).toBe(405);
        expect(answer?.headers.allow, `${method} ${route.pattern}`).toBeTruthy();
        expect(answer?.body).not.toMatch(/\bat .+:\d+/);
      }
    }
  });

  it("a body that is not JSON: 400 saying so", each(async (route, method, handler) => {
    if (!handler.contract?.body) return;
    const params = validParams(route);
    const result = await callRoute(handler, { method, path: pathFor(route, params), params, headers: { ...admin.authHeader, "content-type": "application/json" }, rawBody: "{\"name\": \"unterminated" });
    expectSafe(result, `${method} ${route.pattern} broken JSON`);
    expect(result.status).toBe(400);
  }), 600_000);
});
