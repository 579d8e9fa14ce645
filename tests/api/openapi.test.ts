/**
 * The OpenAPI document covers every /api/v1 route: each route file's exported handlers name
 * their registry entry (apiRoute("METHOD /api/v1/path", …)), the entry's path is the file's
 * path with [param] as {param}, and no entry is left without a route. Response bodies are
 * checked against the document by every integration test (see call-route.ts).
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import "./call-route";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { OPERATIONS } from "@/lib/api/operations";
import type { RouteHandler } from "@/lib/api/route";
import { GET as openApiRoute } from "@/app/api/v1/openapi.json/route";
import { callRoute } from "./call-route";

const API_ROOT = path.join(process.cwd(), "app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir = API_ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

function servedPath(file: string): string {
  const relative = path.relative(path.join(process.cwd(), "app"), path.dirname(file)).split(path.sep).join("/");
  return `/${relative}`.replace(/\[\.{3}([^\]]+)\]/g, "{$1}").replace(/\[([^\]]+)\]/g, "{$1}");
}

describe("OpenAPI coverage", () => {
  const files = routeFiles();

  it("finds the API's route files", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((file) => [path.relative(process.cwd(), file), file]))("%s: every handler has its entry in lib/api/operations", async (_name, file) => {
    const route = (await import(file)) as Record<string, unknown>;
    const handlers = METHODS.filter((method) => typeof route[method] === "function");
    expect(handlers.length).toBeGreaterThan(0);
    for (const method of handlers) {
      const key = `${method} ${servedPath(file)}`;
      const named = (route[method] as Partial<RouteHandler>).operation;
      expect(named, `${key} is built without a registry entry: add "${key}" to lib/api/operations/ and call apiRoute("${key}", …)`).toBe(key);
      expect(Object.keys(OPERATIONS)).toContain(key);
    }
  });

  it("has no entry without a route", async () => {
    const served = new Set<string>();
    for (const file of files) {
      const route = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS) if (typeof route[method] === "function") served.add(`${method} ${servedPath(file)}`);
    }
    expect(Object.keys(OPERATIONS).filter((key) => !served.has(key))).toEqual([]);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("serves an OpenAPI 3.1 document with both auth schemes, roles and the error body, without sign-in", async () => {
    const { status, body } = await callRoute(openApiRoute, { path: "/api/v1/openapi.json" });
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    expect(body.servers).toEqual([{ url: "http://localhost:3000" }]);
    expect(Object.keys(body.components.securitySchemes).sort()).toEqual(["bearerToken", "sessionCookie"]);
    const getProject = body.paths["/api/v1/projects/{id}"].get;
    expect(getProject.parameters).toEqual([expect.objectContaining({ name: "id", in: "path", required: true })]);
    expect(getProject.security).toEqual([{ sessionCookie: [] }, { bearerToken: [] }]);
    expect(getProject.responses["404"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
    const deleteProject = body.paths["/api/v1/projects/{id}"].delete;
    expect(deleteProject["x-roles"]).toEqual(["ADMIN"]);
    expect(deleteProject.description).toContain("Role: ADMIN");
    expect(deleteProject.responses["403"]).toBeDefined();
    expect(body.paths["/api/v1/openapi.json"].get.security).toEqual([]);
    // Request bodies come from the routes' own validators.
    const createProject = body.paths["/api/v1/projects"].post.requestBody.content["application/json"].schema;
    expect(createProject.required).toEqual(["name", "primaryUrl"]);
    expect(createProject.properties.status.enum).toEqual(["active", "paused"]);
  });

  it("has only valid JSON Schemas (2020-12) in it", async () => {
    const { body } = await callRoute(openApiRoute, { path: "/api/v1/openapi.json" });
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    ajv.addSchema(body.components.schemas.Error, "#/components/schemas/Error");
    let compiled = 0;
    for (const operations of Object.values(body.paths) as Array<Record<string, { parameters?: Array<{ schema: object }>; requestBody?: { content: Record<string, { schema: object }> }; responses: Record<string, { content?: Record<string, { schema: object }> }> }>>) {
      for (const operation of Object.values(operations)) {
        const schemas = [
          ...(operation.parameters ?? []).map((parameter) => parameter.schema),
          ...Object.values(operation.requestBody?.content ?? {}).map((media) => media.schema),
          ...Object.values(operation.responses).flatMap((response) => Object.values(response.content ?? {}).map((media) => media.schema)),
        ];
        for (const schema of schemas) {
          if ("$ref" in schema) continue;
          expect(() => ajv.compile(schema)).not.toThrow();
          compiled++;
        }
      }
    }
    expect(compiled).toBeGreaterThan(100);
  });
});
