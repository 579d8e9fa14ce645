import { z } from "zod";

export const createApiTokenSchema = z.object({
  name: z.string().trim().min(1, "Enter a name, e.g. the CI job that uses it.").max(100, "Use at most 100 characters."),
  expiresInDays: z.coerce.number().int().min(1).max(366).optional(),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenSchema>;
