/**
 * One error vocabulary for the whole app: a closed set of codes, each with its HTTP status.
 * Domain code throws AppError; the route wrapper turns any error into the JSON error body.
 */
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";

// Say "required" for a missing field instead of zod's type-level wording.
z.config({
  customError: (issue) => (issue.code === "invalid_type" && issue.input === undefined ? "This field is required." : undefined),
});

export const ERROR_STATUS = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Field path → messages, as shown next to form fields. */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { fields?: FieldErrors; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);
export const forbidden = (message = "Your role does not allow this action.") =>
  new AppError("forbidden", message);
export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  new AppError("conflict", message, details);

export function invalidFields(fields: FieldErrors, message = "Some fields are invalid."): AppError {
  return new AppError("invalid_request", message, { fields });
}

export function fieldErrorsFromZod(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

export function fromZodError(error: z.ZodError, where = "request"): AppError {
  const fields = fieldErrorsFromZod(error);
  const names = Object.keys(fields).filter((name) => name !== "_");
  const message =
    names.length > 0
      ? `Invalid ${where}: check ${names.join(", ")}.`
      : `Invalid ${where}: ${error.issues[0]?.message ?? "malformed"}.`;
  return new AppError("invalid_request", message, { fields });
}

/** Maps known database errors to the vocabulary; anything else becomes `internal`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return fromZodError(error);
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2025") return new AppError("not_found", "The record was not found.");
    if (error.code === "P2002") {
      return new AppError("conflict", "A record with the same unique value already exists.");
    }
    if (error.code === "P2003") {
      return new AppError("conflict", "The record is referenced by or refers to a missing record.");
    }
  }
  const state = sqlState(error);
  // Data exceptions (22xxx): a value PostgreSQL cannot take, like a date outside its range or
  // text it cannot store. Schemas reject the known ones with the field named; this is the net.
  if (state?.startsWith("22")) {
    return new AppError("invalid_request", "The request has a value the database cannot store (text, number or date out of its range).");
  }
  if (isRetryableTransactionError(error) || (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2028")) {
    return new AppError("unavailable", "The database was busy with conflicting changes. Try again.", { headers: { "Retry-After": "1" } });
  }
  if (isDatabaseUnavailable(error)) {
    return new AppError("unavailable", "The database is unavailable. Try again shortly.");
  }
  return new AppError("internal", "Something went wrong on our side. The error has been logged.");
}

/** The PostgreSQL error code (SQLSTATE) behind an error from pg, Prisma or its pg adapter. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const candidate = error as { code?: unknown; cause?: { originalCode?: unknown }; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  // Prisma's own codes (P2010…) look like SQLSTATEs; only a pg error's `code` is one.
  const own = error instanceof Prisma.PrismaClientKnownRequestError ? undefined : candidate.code;
  const code = candidate.cause?.originalCode ?? candidate.meta?.driverAdapterError?.cause?.originalCode ?? own;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** A serialization failure or deadlock: the transaction was rolled back and may simply be run again. */
export function isRetryableTransactionError(error: unknown): boolean {
  const state = sqlState(error);
  return state === "40001" || state === "40P01" || (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2034");
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return (
    error instanceof Prisma.PrismaClientInitializationError ||
    /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|DatabaseNotReachable|the database system is (starting up|shutting down)/i.test(
      text,
    )
  );
}

export function errorBody(error: AppError) {
  const { fields, headers: _headers, ...rest } = error.details;
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(fields ? { fields } : {}),
      ...rest,
    },
  };
}
