import { z } from "zod";

export const roleSchema = z.enum(["ADMIN", "TESTER", "VIEWER"]);

export const emailSchema = z
  .email("Enter a valid email address, like name@example.org.")
  .max(254)
  .transform((email) => email.trim().toLowerCase());

export const passwordSchema = z
  .string()
  .min(12, "Use at least 12 characters.")
  .max(200, "Use at most 200 characters.");

export const createUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "Enter a name.").max(120, "Use at most 120 characters."),
  role: roleSchema,
  password: passwordSchema,
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    name: z.string().trim().min(1, "Enter a name.").max(120).optional(),
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, "Send at least one of name, role or disabled.");
export type UpdateUserInput = z.input<typeof updateUserSchema>;

export const resetPasswordSchema = z.object({ password: passwordSchema });

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
});

/** A user changing their own password: the current one proves it is them. */
export const changeOwnPasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(200),
    newPassword: passwordSchema,
    /** Accepted for older clients and ignored: a password change always revokes the user's API tokens. */
    revokeTokens: z.union([z.boolean(), z.enum(["on", "true", "false"])]).optional().transform((value) => value === true || value === "on" || value === "true"),
  })
  .refine((value) => value.newPassword !== value.currentPassword, { path: ["newPassword"], message: "Choose a password different from the current one." });
export type ChangeOwnPasswordInput = z.input<typeof changeOwnPasswordSchema>;
