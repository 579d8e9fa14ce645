/**
 * Building blocks for untrusted input that every contract shares: numbers that are numbers,
 * text PostgreSQL can store, dates inside its range. The route wrapper also checks every
 * string of a request with findUnstorableText, so no schema can forget it.
 */
import { z } from "zod";

const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A number, or text that spells one (query strings and form fields are text). Unlike
 * z.coerce.number(), `true`, `[]`, `null` and "" are not numbers (they became 1, 0, 0, 0).
 */
export function strictNumber<T extends z.ZodType<number>>(schema: T) {
  return z.preprocess((value) => (typeof value === "string" && NUMERIC_TEXT.test(value.trim()) ? Number(value.trim()) : value), schema);
}

/** Years 1 to 9999: PostgreSQL refuses a year 0 (22008), and dates far out are typing mistakes. */
export const MIN_DATE = Date.parse("0001-01-01T00:00:00Z");
export const MAX_DATE = Date.parse("9999-12-31T23:59:59.999Z");

export function isStorableDate(date: Date): boolean {
  const time = date.getTime();
  return !Number.isNaN(time) && time >= MIN_DATE && time <= MAX_DATE;
}

export const UNSTORABLE_TEXT_MESSAGE = "Contains a null character (\\u0000) or an unpaired surrogate, which text cannot hold.";

/** Text PostgreSQL can store: no NUL, and valid UTF-16 (a lone surrogate has no UTF-8 form). */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The path of the first string (value or object key) in a parsed request that PostgreSQL
 * cannot store, like "scope.urls.2"; undefined when there is none.
 */
export function findUnstorableText(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === "string") return isStorableText(value) ? undefined : path.join(".") || "_";
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, String(index)]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) return [...path, key.replace(/\u0000/g, "\\u0000")].join(".");
      const found = findUnstorableText(item, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * A site address must not carry a user name or password (`https://user:pass@host/`): it would be
 * stored and shown with the project, and scans refuse such URLs anyway (lib/network/policy.ts).
 */
export const URL_CREDENTIALS_MESSAGE = "Remove the user name and password from the address; use an auth config to scan signed in.";

export function hasUrlCredentials(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return url.username !== "" || url.password !== "";
  } catch {
    return false;
  }
}
