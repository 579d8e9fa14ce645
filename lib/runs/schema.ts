/** Run contracts shared by the API, the pages and tests. */
import { z } from "zod";

export const RUN_STATUSES = ["queued", "running", "completed", "failed", "cancelled"] as const;
export const RUN_TRIGGERS = ["user", "schedule", "api_token"] as const;

export const listRunsQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** `?run=` on a session's results page: a run id of that session; absent means the latest run. */
export const runChoiceSchema = z.object({ runId: z.uuid("runId must be a run id.").optional() });
