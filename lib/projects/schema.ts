/**
 * Project contracts, shared by the API, the forms and the tests.
 */
import { z } from "zod";
import { hasUrlCredentials, strictNumber, URL_CREDENTIALS_MESSAGE } from "@/lib/input";
import { expectedUpdatedAtSchema } from "@/lib/concurrency/stale-edit";

export const PROJECT_STATUSES = ["active", "paused", "archived"] as const;
export const EDITABLE_PROJECT_STATUSES = ["active", "paused"] as const;
export const PROJECT_SORTS = ["activity", "name"] as const;
export const DEFAULT_PAGE_SIZE = 25;

/** Empty text means "no value": forms submit "" for an untouched optional field. */
export const optionalText = (max: number, tooLong: string) =>
  z
    .union([z.string(), z.null()])
    .transform((value) => (value === null || value.trim() === "" ? null : value.trim()))
    .refine((value) => value === null || value.length <= max, tooLong);

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

export const httpUrlSchema = (message: string) =>
  z
    .string({ error: message })
    .trim()
    // An empty value fails once: without abort the URL check would repeat the same message.
    .min(1, { error: message, abort: true })
    .max(2048, { error: "Use at most 2048 characters.", abort: true })
    .refine(isHttpUrl, { error: message, abort: true })
    .refine((value) => !hasUrlCredentials(value), URL_CREDENTIALS_MESSAGE);

export const projectNameSchema = z
  .string({ error: "Enter a project name." })
  .trim()
  .min(1, "Enter a project name.")
  .max(200, "Use at most 200 characters.");

const projectFields = {
  name: projectNameSchema,
  clientName: optionalText(200, "Use at most 200 characters for the client."),
  primaryUrl: httpUrlSchema("Enter the site's address as an absolute URL starting with http:// or https://."),
  description: optionalText(5000, "Use at most 5000 characters for the description."),
  status: z.enum(EDITABLE_PROJECT_STATUSES, { error: "Choose active or paused." }),
  /** Signs in every session of the project that names no auth config of its own; "" or null for none. */
  defaultAuthConfigId: z
    .union([z.uuid("Choose an auth config from the list."), z.null(), z.literal("")], { error: "Choose an auth config from the list." })
    .transform((value) => value || null),
};

export const createProjectSchema = z.object({
  name: projectFields.name,
  clientName: projectFields.clientName.optional(),
  primaryUrl: projectFields.primaryUrl,
  description: projectFields.description.optional(),
  status: projectFields.status.default("active"),
  defaultAuthConfigId: projectFields.defaultAuthConfigId.optional(),
});
export type CreateProjectInput = z.input<typeof createProjectSchema>;

export const updateProjectSchema = z.object({
  name: projectFields.name.optional(),
  clientName: projectFields.clientName.optional(),
  primaryUrl: projectFields.primaryUrl.optional(),
  description: projectFields.description.optional(),
  status: projectFields.status.optional(),
  defaultAuthConfigId: projectFields.defaultAuthConfigId.optional(),
  expectedUpdatedAt: expectedUpdatedAtSchema,
});
export type UpdateProjectInput = z.input<typeof updateProjectSchema>;

export const archiveProjectSchema = z.object({ expectedUpdatedAt: expectedUpdatedAtSchema.optional() });

export const deleteProjectSchema = z.object({
  confirmName: z.string({ error: "Type the project's name to confirm." }).min(1, "Type the project's name to confirm."),
});
export type DeleteProjectInput = z.input<typeof deleteProjectSchema>;

const pageNumber = strictNumber(z.number({ error: "page must be a number." }).int().min(1, "page starts at 1.").max(100_000)).default(1);
const pageSizeNumber = strictNumber(z.number({ error: "pageSize must be a number." }).int().min(1).max(100, "pageSize is at most 100."));

export const paginationSchema = z.object({
  page: pageNumber,
  pageSize: pageSizeNumber.default(DEFAULT_PAGE_SIZE),
});

export const listProjectsQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(200, "Search for at most 200 characters.")
    .optional()
    .transform((value) => (value ? value : undefined)),
  /** Without a status, every project except archived ones. "all" includes archived ones. */
  status: z
    .union([z.enum(PROJECT_STATUSES), z.literal("all"), z.literal("")], { error: "status is one of active, paused, archived, all." })
    .optional()
    .transform((value) => (value ? value : undefined)),
  sort: z
    .union([z.enum(PROJECT_SORTS), z.literal("")], { error: "sort is name or activity." })
    .optional()
    .transform((value) => value || "activity"),
  page: pageNumber,
  pageSize: pageSizeNumber.default(DEFAULT_PAGE_SIZE),
});
export type ListProjectsQuery = z.output<typeof listProjectsQuerySchema>;
