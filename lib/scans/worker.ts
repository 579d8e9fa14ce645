/**
 * A scan worker: `concurrency` loops, each claiming one page at a time from the queue and
 * scanning it in the worker's shared Chromium. Any number of workers, on any machine using the
 * same database, share the queue. stop() finishes (or hands back) the pages in flight.
 */
import { randomUUID } from "node:crypto";
import { availableParallelism, hostname } from "node:os";
import { readEnv } from "@/lib/env";
import { describeError, logger } from "@/lib/logger";
import { BrowserHolder } from "./browser";
import { scanPage, type PageScanResult } from "./page-scan";
import { workerNetworkPolicy } from "@/lib/network/rules";
import { ScanTab } from "./scan-tab";
import { claimPage, LeaseLostError, releasePage, renewLease, type ClaimedPage } from "./claim";
import { selectCrawlLinks } from "./crawl";
import { finishRunIfIdle, startRunIfQueued } from "./finish";
import { loadScanJob, type ScanJob } from "./job";
import { recordPageResult } from "./record-page";
import { scanSignedIn, type LaneAuth } from "./signed-in-scan";
import { enginesForScan } from "./engines/registry";
import { isAllowedByRobots, readRobots } from "./robots";
import { readSitemapUrls } from "./sitemap";
import { sweepScans } from "./sweep";
import { beat, endHeartbeat, forgetSilentWorkers, HEARTBEAT_MS } from "./heartbeat";
import { originOf } from "./url";

export type ScanWorkerOptions = {
  concurrency?: number;
  leaseMs?: number;
  /** How often an idle worker looks for work. */
  pollMs?: number;
  /** How long stop() lets pages in flight finish before handing them back to the queue. */
  shutdownGraceMs?: number;
  /** Relaunch Chromium after this many pages. */
  recycleBrowserAfter?: number;
};

export type ScanWorker = {
  id: string;
  /** Pages this worker recorded (done or error). */
  readonly pagesRecorded: number;
  stop(): Promise<void>;
  /** Resolves when the worker has stopped. */
  done: Promise<void>;
};

export function startScanWorker(options: ScanWorkerOptions = {}): ScanWorker {
  const env = readEnv();
  const concurrency = options.concurrency ?? env.WORKER_CONCURRENCY;
  const leaseMs = options.leaseMs ?? env.WORKER_LEASE_SECONDS * 1000;
  const pollMs = options.pollMs ?? 500;
  const shutdownGraceMs = options.shutdownGraceMs ?? 20_000;
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const browsers = new BrowserHolder(options.recycleBrowserAfter);
  const inFlight = new Map<string, AbortController>();
  let stopping = false;
  let pagesRecorded = 0;
  const wakers = new Set<() => void>();
  // A lane's second context lets its reset run on a core no lane is using; with a lane for every
  // core there is none, and the second context only costs memory and CPU (see scan-tab.ts).
  const contextsPerLane = concurrency < availableParallelism() ? 2 : 1;
  // One policy (and egress proxy) for every lane; an admin's rule changes reach it within 30 s.
  const networkPolicy = workerNetworkPolicy((error) => logger.warn("Could not read the scan network rules", { worker: id, ...describeError(error) }));

  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });

  // A session's scope and options cannot change while one of its runs is queued or running,
  // so they are read once per run, not once per page.
  const jobs = new Map<string, ScanJob>();
  async function jobFor(claim: ClaimedPage): Promise<ScanJob | null> {
    if (claim.runStatus === "queued") await startRunIfQueued(claim.runId);
    const known = jobs.get(claim.runId);
    if (known) return known;
    const job = await loadScanJob(claim.runId);
    if (jobs.size > 100) jobs.clear();
    if (job) jobs.set(claim.runId, job);
    return job;
  }

  /**
   * Scans a claimed page and returns how to store its outcome, or undefined when there is
   * nothing to store (the page was handed back). The lease is held until the store is done.
   */
  async function scanClaimed(claim: ClaimedPage, tab: ScanTab, auth: LaneAuth): Promise<(() => Promise<void>) | undefined> {
    const controller = new AbortController();
    inFlight.set(claim.id, controller);
    // Also how a cancel reaches a page in flight, so it runs more often than the lease needs.
    const heartbeat = setInterval(() => {
      renewLease(claim)
        .then((state) => {
          if (state !== "ok") controller.abort(state === "lost" ? "lease lost" : "cancelled");
        })
        .catch((error: unknown) => logger.warn("Lease renewal failed", { url: claim.url, ...describeError(error) }));
    }, Math.max(250, Math.min(2_000, Math.floor(leaseMs / 3))));
    const letGo = () => {
      clearInterval(heartbeat);
      inFlight.delete(claim.id);
    };
    let store: (() => Promise<void>) | undefined;
    try {
      const job = await jobFor(claim);
      if (!job) {
        await releasePage(claim, "cancelled");
        return undefined;
      }
      const browser = await browsers.acquire();
      let result;
      try {
        const request = {
          url: claim.url,
          options: job.options,
          tags: job.tags,
          allowedOrigins: job.allowedOrigins,
          signal: controller.signal,
          partition: claim.sessionId,
          engines: enginesForScan(job.options),
        };
        const { authConfigId } = job;
        result = authConfigId ? await scanSignedIn(browser, tab, auth, { ...job, authConfigId }, request) : await scanPage(browser, tab, request);
      } finally {
        browsers.release();
      }
      if (controller.signal.aborted) {
        const reason = String(controller.signal.reason);
        if (reason === "cancelled") await releasePage(claim, "cancelled");
        else if (reason === "shutdown") await releasePage(claim, "shutdown");
        return undefined;
      }
      store = () => storeResult(claim, job, result).finally(letGo);
      return store;
    } catch (error) {
      logger.error("Scanning a page failed", { worker: id, url: claim.url, ...describeError(error) });
      // The lease runs out and another attempt is made; MAX_ATTEMPTS bounds the retries.
      return undefined;
    } finally {
      // Unless the page is handed on to be stored, the lease is let go here.
      if (!store) letGo();
    }
  }

  /** Stores a scanned page (and the pages it led to); never throws. */
  async function storeResult(claim: ClaimedPage, job: ScanJob, result: PageScanResult): Promise<void> {
    try {
      let discovered: Array<{ url: string; depth: number }> = [];
      if (result.ok && job.scope.startUrl) {
        const robots = job.scope.respectRobotsTxt ? await readRobots(originOf(job.scope.startUrl)) : undefined;
        const sitemap =
          claim.depth === 0 && job.scope.useSitemap && job.scope.maxDepth >= 1
            ? await readSitemapUrls(originOf(job.scope.startUrl), job.scope.maxPages, robots?.sitemaps)
            : [];
        discovered = [
          ...selectCrawlLinks(job, result.links, claim.depth).map((url) => ({ url, depth: claim.depth + 1 })),
          ...selectCrawlLinks(job, sitemap, 0).map((url) => ({ url, depth: 1 })),
        ].filter((page) => !robots || isAllowedByRobots(robots, page.url));
      }
      await recordPageResult(claim, job, result, discovered);
      pagesRecorded++;
      logger.debug("Page scanned", { worker: id, url: claim.url, ok: result.ok, ...(result.ok ? { findings: result.findings.length } : { reason: result.error }) });
    } catch (error) {
      if (error instanceof LeaseLostError) logger.warn("Another worker took over this page", { worker: id, url: claim.url });
      else logger.error("Storing a page's results failed", { worker: id, url: claim.url, ...describeError(error) });
    }
    await finishRunIfIdle(claim.runId, leaseMs).catch((error: unknown) =>
      logger.warn("Could not finish the run", { runId: claim.runId, ...describeError(error) }),
    );
  }

  /*
   * A lane scans one page at a time. A scanned page is stored while the lane claims and loads
   * the next one (at most one store outstanding), so the browser does not wait for the database.
   */
  async function slot(): Promise<void> {
    const tab = new ScanTab({ contexts: contextsPerLane, networkPolicy: (await networkPolicy).policy });
    const auth: LaneAuth = {};
    let storing: Promise<void> | undefined;
    while (!stopping) {
      let claim: ClaimedPage | null = null;
      try {
        claim = await claimPage(leaseMs);
      } catch (error) {
        logger.warn("Could not claim a page; retrying", { worker: id, ...describeError(error) });
      }
      if (!claim && storing) {
        // The page being stored may lead to more pages (a crawl): look again once it is stored.
        await storing;
        storing = undefined;
        continue;
      }
      if (!claim) {
        // Nothing left to scan: no page stays open (and running) in an idle worker.
        await tab.close();
        await idle(pollMs);
        continue;
      }
      const store = await scanClaimed(claim, tab, auth);
      await storing;
      storing = store?.();
    }
    await storing;
    await tab.close();
  }

  async function sweeper(): Promise<void> {
    while (!stopping) {
      await sweepScans(leaseMs).catch((error: unknown) => logger.warn("Queue sweep failed", { worker: id, ...describeError(error) }));
      await idle(Math.max(pollMs * 4, 1_000));
    }
  }

  /** The worker's row in scan_workers, for the queue view (./queue-state.ts). */
  async function heartbeat(): Promise<void> {
    let beats = 0;
    while (!stopping) {
      await beat({ id, concurrency, pagesRecorded }).catch((error: unknown) => logger.warn("Heartbeat failed", { worker: id, ...describeError(error) }));
      if (beats++ % 720 === 0) await forgetSilentWorkers().catch(() => undefined);
      await idle(HEARTBEAT_MS);
    }
    await endHeartbeat(id).catch((error: unknown) => logger.warn("Could not remove the worker's heartbeat", { worker: id, ...describeError(error) }));
  }

  logger.info("Scan worker started", { worker: id, concurrency, contextsPerLane, leaseMs });
  const loops = Promise.all([...Array.from({ length: concurrency }, slot), sweeper(), heartbeat()]);
  const done = loops.then(async () => {
    (await networkPolicy).stop();
    await browsers.close();
  });

  return {
    id,
    get pagesRecorded() {
      return pagesRecorded;
    },
    async stop() {
      if (!stopping) {
        stopping = true;
        logger.info("Scan worker stopping", { worker: id, inFlight: inFlight.size });
        for (const wake of [...wakers]) wake();
        const grace = setTimeout(() => {
          for (const controller of inFlight.values()) controller.abort("shutdown");
        }, shutdownGraceMs);
        await done.finally(() => clearTimeout(grace));
        logger.info("Scan worker stopped", { worker: id, pagesRecorded });
      }
      await done;
    },
    done,
  };
}
