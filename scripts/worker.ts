/**
 * `npm run worker` (and the one worker `npm start` spawns): scans pages from the shared
 * PostgreSQL queue until SIGTERM/SIGINT. Run as many as you like, on any machine that reaches
 * the database; they split the work page by page. Each also fires due scan schedules and sends
 * webhook and email notifications; a tick or a delivery is claimed by one of them. Each also runs
 * the retention pass every RETENTION_INTERVAL_MINUTES; one process prunes at a time.
 *
 * The worker `npm start` spawns also runs the scheduled backups. `--no-backups` (what
 * `npm run worker` passes) leaves them out, so extra workers do not back up the same database.
 */
import "./worker-heap";
import { startBackupScheduler } from "@/lib/backups/schedule";
import { startNotifier } from "@/lib/notifications/delivery";
import { startRetention } from "@/lib/retention/prune";
import { startScheduler } from "@/lib/schedules/scheduler";
import { disconnectDb } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { describeError, logger } from "@/lib/logger";
import { startScanWorker } from "@/lib/scans/worker";

async function main(): Promise<void> {
  // Playwright reads a stack trace on every call it makes, and mapping each one through tsx's
  // source maps cost ~4 % of the worker's CPU, measured here. Traces name the transpiled
  // lines instead, which stay close to the sources.
  process.setSourceMapsEnabled(false);
  const env = readEnv();
  const backups = process.argv.includes("--no-backups") ? null : startBackupScheduler();
  const worker = startScanWorker();
  // Every worker runs these: a schedule's tick and a notification are each claimed by one process.
  const scheduler = startScheduler();
  const notifier = startNotifier();
  const retention = env.RETENTION_INTERVAL_MINUTES > 0 ? startRetention({ intervalMs: env.RETENTION_INTERVAL_MINUTES * 60_000 }) : null;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("Worker received a stop signal", { signal });
    backups?.stop();
    Promise.all([worker.stop(), scheduler.stop(), notifier.stop(), retention?.stop()])
      .then(() => disconnectDb())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error("Worker did not stop cleanly", describeError(error));
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  await worker.done;
}

main().catch((error: unknown) => {
  logger.error("The scan worker could not start", describeError(error));
  process.exit(1);
});
