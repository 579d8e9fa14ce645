/**
 * The OpenAPI 3.1 document for /api/v1, generated from the operation registry: the same zod
 * schemas the route wrapper validates requests with, and the response schemas the API tests
 * check real responses against.
 */
import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { PERMISSIONS } from "@/lib/permissions";
import type { Operation, OperationKey } from "./operation";
import { OPERATIONS } from "./operations";

type JsonSchema = Record<string, unknown>;

export const errorBodySchema = z
  .object({
    error: z.looseObject({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string().describe("A sentence for people: what is wrong and, where possible, how to fix it."),
      fields: z.record(z.string(), z.array(z.string())).optional().describe("Field path → messages, for invalid input."),
    }),
  })
  .meta({ description: "Every error has this body; some add details (e.g. `currentStatus` on a 409)." });

const ERROR_DESCRIPTIONS: Record<ErrorCode, string> = {
  invalid_request: "Invalid input: which field and why are in `fields`.",
  unauthenticated: "Not signed in, and no valid API token.",
  forbidden: "Your role does not allow this operation.",
  not_found: "No such record.",
  conflict: "The record's state does not allow this (see the message).",
  payload_too_large: "The request body is larger than 1 MB.",
  unsupported_media_type: "A write signed in by cookie must send its body as JSON (Content-Type: application/json).",
  method_not_allowed: "This path does not support the method; the Allow header lists those it does.",
  rate_limited: "Too many attempts; retry after the Retry-After header's seconds.",
  internal: "An unexpected error; it has been logged.",
  unavailable: "The database is unavailable; try again shortly.",
};

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a request part: what a client may send. */
function requestSchema(schema: z.ZodType): JsonSchema {
  return strip(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }));
}

/** JSON Schema of a response body: what the server sends. */
export function responseSchema(schema: z.ZodType): JsonSchema {
  return strip(z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }));
}

function strip({ $schema: _schema, ...rest }: JsonSchema): JsonSchema {
  return rest;
}

function parameters(operation: Operation): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [where, schema] of [["path", operation.params], ["query", operation.query]] as const) {
    if (!schema) continue;
    const json = requestSchema(schema) as { properties?: Record<string, JsonSchema & { description?: string }>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      list.push({
        name,
        in: where,
        required: where === "path" || (json.required ?? []).includes(name),
        ...(property.description ? { description: property.description } : {}),
        schema: property,
      });
    }
  }
  return list;
}

function errorCodes(key: OperationKey, operation: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>(operation.errors ?? []);
  // A write signed in by cookie from another site, or not as JSON (lib/api/csrf.ts).
  if (operation.permission !== "public" && !key.startsWith("GET ")) {
    codes.add("forbidden");
    if (operation.body) codes.add("unsupported_media_type");
  }
  if (operation.params || operation.query || operation.body || operation.upload) codes.add("invalid_request");
  if (operation.permission !== "public") {
    codes.add("unauthenticated");
    if (PERMISSIONS[operation.permission].length < 3) codes.add("forbidden");
  }
  if (operation.params) codes.add("not_found");
  if (operation.body || operation.upload) codes.add("payload_too_large");
  codes.add("internal");
  if (operation.permission !== "public") codes.add("unavailable");
  return [...codes].sort((a, b) => ERROR_STATUS[a] - ERROR_STATUS[b]);
}

function rolesFor(operation: Operation): string[] {
  return operation.permission === "public" ? [] : [...PERMISSIONS[operation.permission]];
}

function describeAccess(operation: Operation): string {
  if (operation.permission === "public") return "No sign-in needed.";
  const roles = rolesFor(operation);
  return roles.length === 3 ? "Any signed-in role (VIEWER, TESTER, ADMIN)." : `Role: ${roles.join(" or ")} (permission \`${operation.permission}\`).`;
}

function buildOperation(key: OperationKey, operation: Operation): JsonSchema {
  const { response } = operation;
  const success = response.status === 204
    ? { description: response.description }
    : response.schema
    ? { description: response.description, content: { "application/json": { schema: responseSchema(response.schema) } } }
    : {
        description: response.description,
        content: Object.fromEntries(
          (response.contentTypes ?? ["application/octet-stream"]).map((type) => [type, { schema: { description: "A file, sent as an attachment.", contentMediaType: type } }]),
        ),
      };
  const errors = Object.fromEntries(
    errorCodes(key, operation).map((code) => [
      String(ERROR_STATUS[code]),
      { description: ERROR_DESCRIPTIONS[code], content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
    ]),
  );
  return {
    operationId: operationId(key),
    summary: operation.summary,
    description: [operation.description, describeAccess(operation)].filter(Boolean).join("\n\n"),
    tags: [operation.tag],
    security: operation.permission === "public" ? [] : [{ sessionCookie: [] }, { bearerToken: [] }],
    "x-permission": operation.permission,
    "x-roles": rolesFor(operation),
    ...(parameters(operation).length > 0 ? { parameters: parameters(operation) } : {}),
    ...(operation.body ? { requestBody: { required: true, content: { "application/json": { schema: requestSchema(operation.body) } } } } : {}),
    ...(operation.upload
      ? {
          requestBody: {
            required: true,
            description: operation.upload.description,
            content: Object.fromEntries(operation.upload.contentTypes.map((type) => [type, { schema: requestSchema(operation.upload!.schema) }])),
          },
        }
      : {}),
    responses: { [String(response.status)]: success, ...errors },
  };
}

/** "GET /api/v1/projects/{id}/sessions" → "getProjectsIdSessions". */
export function operationId(key: OperationKey): string {
  const [method = "", path = ""] = key.split(" ");
  const words = path
    .replace(/^\/api\/v1\//, "")
    .split(/[/{}.-]+/)
    .filter(Boolean);
  return method.toLowerCase() + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join("");
}

export function buildOpenApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [key, operation] of Object.entries(OPERATIONS) as Array<[OperationKey, Operation]>) {
    const [method = "", path = ""] = key.split(" ");
    (paths[path] ??= {})[method.toLowerCase()] = buildOperation(key, operation);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Clearsight API",
      version: "1",
      description:
        "Self-hosted WCAG testing: projects, sessions, scans and their results. Authenticate with the browser session cookie, or send a personal API token (created on /account) as `Authorization: Bearer cs_…`; a token acts with its owner's role. Every error has the same JSON body.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    tags: [...new Set(Object.values(OPERATIONS).map((operation: Operation) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: responseSchema(errorBodySchema) },
      securitySchemes: {
        sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The browser session after signing in (`__Secure-next-auth.session-token` over HTTPS)." },
        bearerToken: { type: "http", scheme: "bearer", description: "A personal API token (`cs_…`) from /account or POST /api/v1/tokens." },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
