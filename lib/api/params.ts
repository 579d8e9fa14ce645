import { z } from "zod";

/** Path params schema for routes like /projects/[id]: a malformed UUID is a 400, not a 500. */
export function uuidParams<const K extends string>(...names: K[]) {
  return z.object(Object.fromEntries(names.map((name) => [name, z.uuid(`${name} must be a UUID.`)])) as Record<K, z.ZodUUID>);
}
