import { z } from "zod";
import { isStorableDate, strictNumber } from "@/lib/input";

const emptyToUndefined = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value.trim());

/** A day ("2026-11-24") or an instant; a bare day as `to` includes that whole day. */
const dateBound = (edge: "from" | "to") =>
  z
    .string()
    .optional()
    .transform(emptyToUndefined)
    .refine((value) => value === undefined || !Number.isNaN(Date.parse(value)), `${edge} must be a date like 2026-11-24 or an ISO timestamp.`)
    .refine((value) => value === undefined || Number.isNaN(Date.parse(value)) || isStorableDate(new Date(value)), `${edge} must be between the years 0001 and 9999.`)
    .transform((value) => {
      if (value === undefined) return undefined;
      const date = new Date(value);
      if (edge === "to" && /^\d{4}-\d{2}-\d{2}$/.test(value)) date.setUTCDate(date.getUTCDate() + 1);
      return date;
    });

export const listAuditEventsQuerySchema = z.object({
  action: z.string().max(100).optional().transform(emptyToUndefined),
  recordType: z.string().max(100).optional().transform(emptyToUndefined),
  /** The actor's user id, or part of their email address. */
  actor: z.string().max(254).optional().transform(emptyToUndefined),
  recordId: z.string().max(100).optional().transform(emptyToUndefined),
  from: dateBound("from"),
  to: dateBound("to"),
  page: strictNumber(z.number().int().min(1).max(100_000)).default(1),
  pageSize: strictNumber(z.number().int().min(1).max(200, "pageSize is at most 200.")).default(50),
});
export type AuditEventsFilter = z.output<typeof listAuditEventsQuerySchema>;
