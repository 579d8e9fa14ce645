/**
 * Checks a real response against the OpenAPI document: its status must be documented for the
 * operation and a JSON body must match that status's schema. tests/api/call-route.ts runs it
 * on every call, so the integration tests prove the document and the routes agree.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { OperationKey } from "@/lib/api/operation";
import { buildOpenApiDocument } from "@/lib/api/openapi";

type ResponseObject = { content?: Record<string, { schema?: Record<string, unknown> }> };
type OperationObject = { responses: Record<string, ResponseObject> };

let document: ReturnType<typeof buildOpenApiDocument> | undefined;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validators = new Map<string, ValidateFunction>();

export function openApiDocument() {
  document ??= buildOpenApiDocument();
  return document;
}

export function documentedOperation(key: OperationKey): OperationObject | undefined {
  const [method = "", path = ""] = key.split(" ");
  const paths = openApiDocument().paths as Record<string, Record<string, OperationObject>>;
  return paths[path]?.[method.toLowerCase()];
}

function inlineRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(inlineRefs);
  if (schema && typeof schema === "object") {
    const ref = (schema as { $ref?: unknown }).$ref;
    if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
      return openApiDocument().components.schemas[ref.slice("#/components/schemas/".length) as "Error"];
    }
    return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, inlineRefs(value)]));
  }
  return schema;
}

/** Throws, naming the operation and what differs, when the response contradicts the document. */
export function checkResponseAgainstDocument(key: OperationKey, status: number, contentType: string | null, text: string): void {
  const operation = documentedOperation(key);
  if (!operation) throw new Error(`${key} is not in the OpenAPI document.`);
  const documented = operation.responses[String(status)];
  if (!documented) throw new Error(`${key} answered ${status}, which the OpenAPI document does not list (${Object.keys(operation.responses).join(", ")}).`);
  if (status === 204 && !documented.content && !text) return;
  const actual = (contentType ?? "").split(";")[0]!.trim();
  const media = documented.content?.[actual];
  if (!media) throw new Error(`${key} answered ${status} with ${actual || "no content type"}; the document lists ${Object.keys(documented.content ?? {}).join(", ")}.`);
  const schema = media.schema;
  // A file download (an attachment, even a JSON one) is documented by its media type only.
  if (!schema || "contentMediaType" in schema) return;
  const cacheKey = `${key} ${status}`;
  let validate = validators.get(cacheKey);
  if (!validate) {
    validate = ajv.compile(inlineRefs(schema) as object);
    validators.set(cacheKey, validate);
  }
  if (!validate(JSON.parse(text))) {
    const problems = (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || "(body)"} ${error.message}`);
    throw new Error(`${key} ${status}: the response does not match the OpenAPI document: ${problems.join("; ")}`);
  }
}
