import { z } from "zod";

export const REPORT_FORMATS = ["html", "pdf", "openacr", "earl", "csv", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const reportQuerySchema = z.object({
  format: z.enum(REPORT_FORMATS, { error: `format is one of ${REPORT_FORMATS.join(", ")}.` }).default("html"),
});
