/**
 * Sends queued deliveries. A sender claims a batch with FOR UPDATE SKIP LOCKED and pushes each
 * claimed row's next_attempt_at past the send timeout, so no other worker takes it while it is
 * being sent, and one that died mid-send is retried after that. Failures are retried with
 * exponential backoff; every attempt's status code or error is recorded on the row.
 */
import http from "node:http";
import https from "node:https";
import net, { type LookupFunction } from "node:net";
import type { LookupAddress } from "node:dns";
import { decryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { describeError, logger } from "@/lib/logger";
import { networkPolicyFromEnv, resolveTarget } from "@/lib/network/policy";
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

class RefusedByPolicy extends Error {
  override name = "RefusedByPolicy";
}

/**
 * POSTs the signed body. The URL goes through the scanner's network policy first
 * (lib/network/policy.ts: link-local and cloud metadata addresses, Clearsight's own web
 * server and database, SCAN_NETWORK_POLICY's rules), and the connection goes to the very
 * address that was checked, so a second DNS answer cannot swap in another one.
 */
async function postWebhook(delivery: Claimed): Promise<number> {
  // Decrypted here only, for this request; never logged.
  const url = new URL(decryptSecret(delivery.urlEncrypted!));
  const secret = decryptSecret(delivery.secretEncrypted!);
  const target = await resolveTarget(networkPolicyFromEnv(), url.href);
  if ("reason" in target) throw new RefusedByPolicy(`Refused by the network policy: ${target.reason}.`);
  if (!("address" in target)) throw Object.assign(new Error("The webhook's host could not be resolved."), { code: "ENOTFOUND" });
  const family = net.isIP(target.address);
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all) (callback as (error: null, addresses: LookupAddress[]) => void)(null, [{ address: target.address, family }]);
    else callback(null, target.address, family);
  };
  const body = Buffer.from(delivery.body);
  return new Promise<number>((resolve, reject) => {
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: "POST",
        lookup,
        headers: {
          "content-type": "application/json",
          "content-length": body.length,
          "user-agent": "Clearsight-Webhook/1",
          "x-clearsight-event": delivery.event,
          "x-clearsight-delivery": delivery.id,
          [SIGNATURE_HEADER]: signBody(delivery.body, secret),
        },
        // Redirects are not followed (a redirect could lead the signed body elsewhere): a 3xx is
        // recorded as the answer.
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", (error) => reject(error.name === "AbortError" ? Object.assign(new Error("timeout"), { name: "TimeoutError" }) : error));
    request.end(body);
  });
}

/** A reason safe to store and show: no URL (it may carry a token), no stack. */
function describeSendError(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return `No answer within ${SEND_TIMEOUT_MS / 1000} s.`;
  if (error instanceof RefusedByPolicy) return error.message;
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
