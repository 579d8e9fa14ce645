"use client";

/**
 * Live progress of a scan: a progress bar, counts and the pages being scanned, polled from
 * GET /api/v1/sessions/:id/progress while the scan is queued or running. Screen readers hear a
 * polite update only when the status changes or another quarter of the pages is done, not on
 * every poll.
 */
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { ScanProgress as Progress } from "@/lib/scans/progress";

const POLL_MS = 1_500;
const ACTIVE = new Set(["queued", "running"]);

function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Why a scan has not started scanning yet: the queue ahead of it, or no worker to take it. */
function queueText(progress: Progress): string | null {
  const queue = progress.queue;
  if (!queue || !ACTIVE.has(progress.status)) return null;
  if (!queue.workerAlive) {
    return `No scan worker seems to be running: pages have waited ${formatDuration(queue.waitingSeconds * 1000)} and none is being scanned anywhere. Check that Clearsight's worker is running (npm start runs one).`;
  }
  if (queue.pagesAhead > 0) return `Waiting in the queue: ${queue.pagesAhead} page${queue.pagesAhead === 1 ? "" : "s"} of other scans go${queue.pagesAhead === 1 ? "es" : ""} first.`;
  return "Waiting for a worker to take the first page.";
}

function statusText(progress: Progress): string {
  if (progress.cancelRequested && ACTIVE.has(progress.status)) return "Cancelling";
  return progress.status.charAt(0).toUpperCase() + progress.status.slice(1);
}

function announcement(progress: Progress): string {
  const pages = `${progress.pagesDone} of ${progress.pagesTotal} pages scanned`;
  if (progress.status === "completed") return `Scan completed: ${pages}, ${progress.pagesError} with errors.`;
  if (progress.status === "cancelled") return `Scan cancelled: ${pages}.`;
  if (progress.status === "failed") return `Scan failed: ${progress.failureReason ?? "unknown reason"}.`;
  return `Scan ${statusText(progress).toLowerCase()}: ${pages}.`;
}

/** `headingLevel`: 3 by default, for use inside a page section; 2 directly under the page title. */
export function ScanProgress({ sessionId, initial, headingLevel = 3 }: { sessionId: string; initial: Progress; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const router = useRouter();
  const [progress, setProgress] = useState(initial);
  const [pollError, setPollError] = useState<string | null>(null);
  const [spoken, setSpoken] = useState("");
  const lastSpoken = useRef({ status: initial.status, quarter: Math.floor(initial.percent / 25) });

  // A new scan started elsewhere on the page: the server re-rendered with fresh numbers.
  const [seenInitial, setSeenInitial] = useState(initial);
  if (initial !== seenInitial) {
    setSeenInitial(initial);
    setProgress(initial);
  }

  const active = ACTIVE.has(progress.status);
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const response = await fetch(`/api/v1/sessions/${sessionId}/progress`, { cache: "no-store" });
        if (!response.ok) throw new Error(`The server answered ${response.status}.`);
        const next = (await response.json()) as Progress;
        if (stopped) return;
        setPollError(null);
        setProgress(next);
        if (!ACTIVE.has(next.status)) {
          // Results exist now: let the server components around us show them.
          router.refresh();
          return;
        }
      } catch (error) {
        if (!stopped) setPollError(error instanceof Error ? error.message : "Progress is unavailable.");
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    timer = setTimeout(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, sessionId, router]);

  useEffect(() => {
    const quarter = Math.floor(progress.percent / 25);
    if (progress.status !== lastSpoken.current.status || quarter > lastSpoken.current.quarter) {
      lastSpoken.current = { status: progress.status, quarter };
      setSpoken(announcement(progress));
    }
  }, [progress]);

  const labelId = `scan-progress-label-${sessionId}`;
  return (
    <section aria-labelledby={labelId} className="rounded-lg border border-slate-300 bg-white p-4">
      <Heading id={labelId} className="text-lg font-semibold">
        Scan progress: {statusText(progress)}
      </Heading>
      <div
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress.percent}
        aria-valuetext={`${progress.percent}%, ${progress.pagesDone} of ${progress.pagesTotal} pages`}
        className="mt-3 h-4 w-full overflow-hidden rounded-full border border-slate-500 bg-slate-100"
      >
        <div className="h-full bg-blue-700 transition-[width]" style={{ width: `${progress.percent}%` }} />
      </div>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        <div className="flex gap-2">
          <dt className="font-semibold">Pages</dt>
          <dd>
            {progress.pagesDone} of {progress.pagesTotal} ({progress.percent}%)
          </dd>
        </div>
        <div className="flex gap-2">
          <dt className="font-semibold">Pages with errors</dt>
          <dd>{progress.pagesError}</dd>
        </div>
        <div className="flex gap-2">
          <dt className="font-semibold">Violations so far</dt>
          <dd>{progress.violations}</dd>
        </div>
        <div className="flex gap-2">
          <dt className="font-semibold">Elapsed</dt>
          <dd>{formatDuration(progress.elapsedMs)}</dd>
        </div>
        {active ? (
          <div className="flex gap-2">
            <dt className="font-semibold">Time left (estimate)</dt>
            <dd>{formatDuration(progress.etaMs)}</dd>
          </div>
        ) : null}
      </dl>
      {queueText(progress) ? (
        <p className={`mt-3 text-sm ${progress.queue?.workerAlive === false ? "font-semibold text-red-800" : ""}`} data-testid="queue-state">
          {queueText(progress)}
        </p>
      ) : null}
      {progress.failureReason ? <p className="mt-3 text-sm text-red-800">Why it failed: {progress.failureReason}</p> : null}
      {active && progress.currentUrls.length > 0 ? (
        <div className="mt-3 text-sm">
          <p className="font-semibold">Scanning now</p>
          <ul className="list-disc pl-5">
            {progress.currentUrls.map((url) => (
              <li key={url} className="break-all">
                {url}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {pollError ? <p className="mt-3 text-sm text-amber-900">Live updates paused: {pollError} Retrying…</p> : null}
      <p aria-live="polite" aria-atomic="true" className="sr-only">
        {spoken}
      </p>
    </section>
  );
}
