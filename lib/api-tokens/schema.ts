import { z } from "zod";
import { strictNumber } from "@/lib/input";

export const createApiTokenSchema = z.object({
  name: z.string().trim().min(1, "Enter a name, e.g. the CI job that uses it.").max(100, "Use at most 100 characters."),
  expiresInDays: strictNumber(z.number().int().min(1).max(366)).optional(),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenSchema>;
