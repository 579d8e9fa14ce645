/**
 * Notification contracts: which events exist, and the bodies that create or change a webhook or
 * an email alert. URLs and secrets are write-only; reads show the URL's host.
 */
import { z } from "zod";

export const NOTIFICATION_EVENTS = ["run.completed", "run.failed", "issues.new_serious", "threshold.crossed"] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const EVENT_DESCRIPTIONS: Record<NotificationEvent, string> = {
  "run.completed": "A scan finished",
  "run.failed": "A scan failed",
  "issues.new_serious": "A scan found critical or serious issues the previous scan of the session did not have",
  "threshold.crossed": "Open violations went above (or back to or below) the threshold",
};

const eventsField = z
  .array(z.enum(NOTIFICATION_EVENTS, `Each event is one of ${NOTIFICATION_EVENTS.join(", ")}.`), "events must be a list.")
  .min(1, "Choose at least one event.")
  .max(NOTIFICATION_EVENTS.length)
  .transform((events) => [...new Set(events)]);

const thresholdField = z
  .number("threshold must be a whole number.")
  .int("threshold must be a whole number.")
  .min(0, "threshold cannot be negative.")
  .max(1_000_000_000)
  .nullable();

const webhookUrlField = z
  .url({ protocol: /^https?$/, message: "Enter an http(s) URL." })
  .max(2048, "A URL is at most 2048 characters.")
  // zod runs this even when the URL check failed: an unparsable value was reported there already.
  .refine((value) => {
    try {
      const url = new URL(value);
      return !url.username && !url.password;
    } catch {
      return true;
    }
  }, "Put credentials in the secret or the query string, not in the URL's user part.");

const secretField = z.string("secret must be a string.").min(16, "Use a secret of at least 16 characters.").max(512, "A secret is at most 512 characters.");

function thresholdNeeded(value: { events?: string[]; threshold?: number | null }, context: z.RefinementCtx) {
  if (value.events?.includes("threshold.crossed") && (value.threshold === undefined || value.threshold === null)) {
    context.addIssue({ code: "custom", path: ["threshold"], message: "Set a threshold (open violations) to be told when it is crossed." });
  }
}

export const createWebhookSchema = z
  .strictObject({
    url: webhookUrlField,
    events: eventsField,
    secret: secretField,
    threshold: thresholdField.optional(),
    enabled: z.boolean("enabled must be true or false.").default(true),
  })
  .superRefine(thresholdNeeded);
export type CreateWebhookInput = z.input<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .strictObject({
    url: webhookUrlField.optional(),
    events: eventsField.optional(),
    secret: secretField.optional(),
    threshold: thresholdField.optional(),
    enabled: z.boolean("enabled must be true or false.").optional(),
  })
  .refine((value) => Object.keys(value).length > 0, "Send at least one field to change.");
export type UpdateWebhookInput = z.input<typeof updateWebhookSchema>;

export const createEmailAlertSchema = z
  .strictObject({
    recipients: z
      .array(z.email("Each recipient must be an email address."), "recipients must be a list.")
      .min(1, "Add at least one recipient.")
      .max(20, "At most 20 recipients.")
      .transform((list) => [...new Set(list.map((address) => address.toLowerCase()))]),
    events: eventsField,
    threshold: thresholdField.optional(),
    enabled: z.boolean("enabled must be true or false.").default(true),
  })
  .superRefine(thresholdNeeded);
export type CreateEmailAlertInput = z.input<typeof createEmailAlertSchema>;

export const listDeliveriesQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

/** The URL as shown after saving: scheme and host only, since path or query may carry a token. */
export function displayHost(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}
