/**
 * The one wrapper every /api route handler goes through: who is asking, may they, parsed
 * params/query/body, and one JSON error shape. Handlers stay a few lines long.
 */
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getSessionUser, getTokenUser, type CurrentUser } from "@/lib/auth/current-user";
import { AppError, errorBody, forbidden, fromZodError, invalidFields, isRetryableTransactionError, toAppError } from "@/lib/errors";
import { findUnstorableText, UNSTORABLE_TEXT_MESSAGE } from "@/lib/input";
import { logger, describeError } from "@/lib/logger";
import { can, type Permission } from "@/lib/permissions";
import { checkCookieWrite } from "./csrf";
import type { Operation } from "./operation";
import { OPERATIONS, type KnownOperationKey, type Operations } from "./operations";

export { uuidParams } from "./params";

export const MAX_BODY_BYTES = 1024 * 1024;

type RouteContext = { params: Promise<Record<string, string | string[]>> };

type Config<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = {
  /** Permission the caller needs; "public" routes need no sign-in. */
  permission: Permission | "public";
  params?: P;
  query?: Q;
  body?: B;
};

type HandlerArgs<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, U> = {
  request: NextRequest;
  user: U;
  params: z.infer<P>;
  query: z.infer<Q>;
  body: z.infer<B>;
};

/** What a route module exports; `operation` names its contract (undefined for the older inline form). */
export type RouteHandler = ((request: NextRequest, context: RouteContext) => Promise<Response>) & { operation?: KnownOperationKey };

type SchemaOf<O extends Operation, Part extends "params" | "query" | "body"> = O[Part] extends z.ZodType ? O[Part] : z.ZodUndefined;
type UserFor<O extends Operation> = O["permission"] extends "public" ? CurrentUser | null : CurrentUser;

type Handler<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, U> = (
  args: HandlerArgs<P, Q, B, U>,
) => Promise<Response | unknown>;

export function jsonError(error: AppError): NextResponse {
  return NextResponse.json(errorBody(error), { status: error.status, headers: error.details.headers });
}

/** API answers (one-time tokens among them) are never kept by a browser or proxy cache, unless a route says otherwise. */
function noStore(response: Response): Response {
  if (!response.headers.has("cache-control")) response.headers.set("Cache-Control", "no-store");
  return response;
}

/** A 201 response for created records. */
export function created(data: unknown): NextResponse {
  return NextResponse.json(data, { status: 201 });
}

async function readJsonBody(request: NextRequest): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return undefined;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_request", "The request body is not valid JSON.");
  }
}

function hasBody(request: NextRequest): boolean {
  return request.body !== null && request.headers.get("content-length") !== "0";
}

function tooLarge(): AppError {
  return new AppError("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`);
}

function parsePart<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.infer<S> {
  if (!schema) return undefined as z.infer<S>;
  const unstorable = findUnstorableText(value);
  if (unstorable !== undefined) throw invalidFields({ [unstorable]: [UNSTORABLE_TEXT_MESSAGE] }, `Invalid ${where}: check ${unstorable}.`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZodError(parsed.error, where);
  return parsed.data;
}

function queryObject(request: NextRequest): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const key of new Set(request.nextUrl.searchParams.keys())) {
    const values = request.nextUrl.searchParams.getAll(key);
    result[key] = values.length > 1 ? values : (values[0] ?? "");
  }
  return result;
}

export async function authenticate(request: NextRequest): Promise<CurrentUser | null> {
  return (await authenticateWith(request))?.user ?? null;
}

async function authenticateWith(request: NextRequest): Promise<{ user: CurrentUser; via: "token" | "cookie" } | null> {
  const tokenUser = await getTokenUser(request.headers.get("authorization"));
  if (tokenUser) return { user: tokenUser, via: "token" };
  const sessionUser = await getSessionUser();
  return sessionUser ? { user: sessionUser, via: "cookie" } : null;
}

export function apiRoute<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
>(config: Config<P, Q, B> & { permission: "public" }, handler: Handler<P, Q, B, CurrentUser | null>): RouteHandler;
export function apiRoute<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
>(config: Config<P, Q, B> & { permission: Permission }, handler: Handler<P, Q, B, CurrentUser>): RouteHandler;
/** The contract-first form: the operation's entry in lib/api/operations.ts says it all. */
export function apiRoute<K extends KnownOperationKey>(
  key: K,
  handler: Handler<SchemaOf<Operations[K], "params">, SchemaOf<Operations[K], "query">, SchemaOf<Operations[K], "body">, UserFor<Operations[K]>>,
): RouteHandler;
export function apiRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  keyOrConfig: KnownOperationKey | Config<P, Q, B>,
  handler: Handler<P, Q, B, CurrentUser> | Handler<P, Q, B, CurrentUser | null>,
): RouteHandler {
  const operation = typeof keyOrConfig === "string" ? keyOrConfig : undefined;
  const config = (operation ? OPERATIONS[operation] : keyOrConfig) as Config<P, Q, B>;
  const route = async (request: NextRequest, context: RouteContext): Promise<Response> => {
    try {
      // Public routes (health) must answer even while the database, which holds users, is down.
      const caller = config.permission === "public" ? null : await authenticateWith(request);
      const user = caller?.user ?? null;
      if (config.permission !== "public") {
        if (!user) throw new AppError("unauthenticated", "Sign in, or send an API token, to use this endpoint.");
        if (!can(user.role, config.permission)) throw forbidden();
        const forged = caller?.via === "cookie" ? checkCookieWrite(request, config.body !== undefined && hasBody(request)) : null;
        if (forged) throw forged;
      }
      const params = parsePart(config.params, await context.params, "path");
      const query = parsePart(config.query, queryObject(request), "query");
      const rawBody = config.body ? await readJsonBody(request) : undefined;
      const body = parsePart(config.body, rawBody ?? {}, "body");
      const run = () => (handler as Handler<P, Q, B, CurrentUser | null>)({ request, user, params, query, body });
      // The one place a transaction that lost a deadlock or serialization race is run again (once).
      const result = await run().catch((error: unknown) => (isRetryableTransactionError(error) ? run() : Promise.reject(error)));
      if (result instanceof Response) return noStore(result);
      return noStore(NextResponse.json(result ?? null));
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === "internal") {
        logger.error("Unhandled error in API route", { path: request.nextUrl.pathname, method: request.method, ...describeError(error) });
      }
      return noStore(jsonError(appError));
    }
  };
  // Read by the route-coverage test, by tests/api/call-route.ts, which checks responses against
  // the document, and by the input fuzz test, which derives its requests from the contract.
  return Object.assign(route, { operation, contract: config as RouteContract });
}

export type RouteContract = { permission: Permission | "public"; params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };
