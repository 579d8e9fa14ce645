/**
 * Sends queued deliveries. A sender claims a batch with FOR UPDATE SKIP LOCKED and pushes each
 * claimed row's next_attempt_at past the send timeout, so no other worker takes it while it is
 * being sent, and one that died mid-send is retried after that. Failures are retried with
 * exponential backoff; every attempt's status code or error is recorded on the row.
 */
import { decryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { describeError, logger } from "@/lib/logger";
import { sendEmail } from "./email";
import { queueScanNotifications } from "./events";
import { SIGNATURE_HEADER, signBody } from "./signature";

export const MAX_ATTEMPTS = 6;
const SEND_TIMEOUT_MS = 10_000;

export type DrainOptions = {
  /** First retry delay; each later one is 4× the one before (30 s, 2 min, 8 min, 32 min, ~2 h). */
  backoffBaseMs?: number;
  batchSize?: number;
};

type Claimed = {
  id: string;
  event: string;
  body: string;
  attempts: number;
  webhookId: string | null;
  urlEncrypted: string | null;
  secretEncrypted: string | null;
  recipients: string[] | null;
};

export function retryDelayMs(attempts: number, baseMs: number): number {
  return baseMs * 4 ** Math.max(0, attempts - 1);
}

/** Sends every delivery that is due; returns how many were attempted. */
export async function drainDeliveries(options: DrainOptions = {}): Promise<number> {
  const backoffBaseMs = options.backoffBaseMs ?? 30_000;
  const claimed = await db.$queryRaw<Claimed[]>`
    WITH due AS (
      SELECT id FROM notification_deliveries
      WHERE state = 'pending' AND next_attempt_at <= now()
      ORDER BY next_attempt_at LIMIT ${options.batchSize ?? 10}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE notification_deliveries d
    SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => ${(SEND_TIMEOUT_MS * 3) / 1000}), updated_at = now()
    FROM due
    LEFT JOIN notification_deliveries x ON x.id = due.id
    LEFT JOIN webhooks w ON w.id = x.webhook_id
    LEFT JOIN email_alerts e ON e.id = x.email_alert_id
    WHERE d.id = due.id
    RETURNING d.id::text, d.event, d.body, d.attempts, d.webhook_id::text AS "webhookId",
              w.url_encrypted AS "urlEncrypted", w.secret_encrypted AS "secretEncrypted", e.recipients`;
  await Promise.all(claimed.map((delivery) => attempt(delivery, backoffBaseMs)));
  return claimed.length;
}

async function attempt(delivery: Claimed, backoffBaseMs: number): Promise<void> {
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    if (delivery.webhookId) statusCode = await postWebhook(delivery);
    else await sendEmail(delivery.recipients ?? [], delivery.body);
    if (statusCode !== null && (statusCode < 200 || statusCode >= 300)) error = `The receiver answered HTTP ${statusCode}.`;
  } catch (caught) {
    error = describeSendError(caught);
  }
  const succeeded = error === null;
  const givingUp = !succeeded && delivery.attempts >= MAX_ATTEMPTS;
  await db.notificationDelivery.update({
    where: { id: delivery.id },
    data: {
      state: succeeded ? "succeeded" : givingUp ? "failed" : "pending",
      lastStatusCode: statusCode,
      lastError: error,
      ...(succeeded ? { deliveredAt: new Date() } : {}),
      ...(!succeeded && !givingUp ? { nextAttemptAt: new Date(Date.now() + retryDelayMs(delivery.attempts, backoffBaseMs)) } : {}),
    },
  });
  if (!succeeded) logger.warn("A notification was not delivered", { deliveryId: delivery.id, event: delivery.event, attempts: delivery.attempts, givingUp, error });
}

async function postWebhook(delivery: Claimed): Promise<number> {
  // Decrypted here only, for this request; never logged.
  const url = decryptSecret(delivery.urlEncrypted!);
  const secret = decryptSecret(delivery.secretEncrypted!);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "Clearsight-Webhook/1",
      "x-clearsight-event": delivery.event,
      "x-clearsight-delivery": delivery.id,
      [SIGNATURE_HEADER]: signBody(delivery.body, secret),
    },
    body: delivery.body,
    // A redirect could lead the signed body somewhere else: report it instead of following it.
    redirect: "manual",
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  await response.body?.cancel();
  return response.status;
}

/** A reason safe to store and show: no URL (it may carry a token), no stack. */
function describeSendError(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return `No answer within ${SEND_TIMEOUT_MS / 1000} s.`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: string } | null)?.code;
  if (code) return `Could not connect (${code}).`;
  if (error instanceof Error && /SMTP_URL/.test(error.message)) return error.message;
  return "The delivery failed; see the worker's log.";
}

/** The notifier loop every worker runs: queue finished scans' notifications, send what is due. */
export function startNotifier(options: { pollMs?: number } & DrainOptions = {}): { stop: () => Promise<void> } {
  const pollMs = options.pollMs ?? 2_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      await queueScanNotifications().catch((error: unknown) => logger.warn("Queueing notifications failed", describeError(error)));
      await drainDeliveries(options).catch((error: unknown) => logger.warn("Sending notifications failed", describeError(error)));
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, pollMs);
      });
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
