/**
 * Whether a value is a UUID (any version, either case): the one check pages and queries use
 * before looking a row up by id, so a malformed id is a 404 rather than a database error. API
 * input is validated by zod's z.uuid() instead (lib/api/params.ts).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string | null | undefined): boolean {
  return typeof value === "string" && UUID.test(value);
}
