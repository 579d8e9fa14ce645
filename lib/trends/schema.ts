import { z } from "zod";
import { IMPACTS, type ImpactName } from "@/lib/results/schema";

export const trendsQuerySchema = z.object({
  /** The newest runs to include. */
  limit: z.coerce.number("limit must be a number.").int("limit must be a whole number.").min(1, "limit is at least 1.").max(500, "limit is at most 500.").default(50),
  format: z.enum(["json", "csv"], "format is json or csv.").default("json"),
});
export type TrendsQuery = z.input<typeof trendsQuerySchema>;

/** The impact list (lib/results/schema.ts), most severe first, as charts and the CSV order them. */
export const TREND_IMPACTS: readonly ImpactName[] = [...IMPACTS].reverse();
