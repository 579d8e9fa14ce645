/**
 * What an /api/v1 operation promises: who may call it, what it reads (path, query, body) and
 * what it answers. The route wrapper validates requests with these schemas and the OpenAPI
 * document is generated from them, so the contract is written once.
 */
import { z } from "zod";
import type { ErrorCode } from "@/lib/errors";
import type { Permission } from "@/lib/permissions";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** "GET /api/v1/projects/{id}": the method and the path as served, with `{name}` parameters. */
export type OperationKey = `${HttpMethod} /api/${string}`;

export type Operation = {
  summary: string;
  description?: string;
  /** Groups operations in the reference (one tag per domain). */
  tag: string;
  /** Permission the caller needs; "public" operations need no sign-in. */
  permission: Permission | "public";
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A body the handler reads itself (e.g. an upload): documented here, not parsed by the wrapper. */
  upload?: { description: string; contentTypes: readonly string[]; schema: z.ZodType };
  response: {
    status: 200 | 201 | 202 | 204;
    description: string;
    /** JSON body; omit for a file download and list its `contentTypes`. */
    schema?: z.ZodType;
    contentTypes?: readonly string[];
  };
  /** Error codes beyond those every operation can answer (see openapi.ts), e.g. "conflict". */
  errors?: readonly ErrorCode[];
};

/** Keeps each entry's literal schema types, so handlers get typed params, query and body. */
export function defineOperations<const T extends Record<OperationKey, Operation>>(operations: T): T {
  return operations;
}

// Shapes that many responses share. Responses are JSON, so dates travel as ISO strings.

export const timestamp = z.iso.datetime();
export const nullableTimestamp = timestamp.nullable();
export const idAndName = z.object({ id: z.uuid(), name: z.string() });

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), page: z.int(), pageSize: z.int(), total: z.int() });
}

/** `{ ok: true }`, for operations with nothing else to say. */
export const okResponse = z.object({ ok: z.literal(true) });
