/**
 * Waits for a scan to end, showing pages done of planned and the time left: a redrawn bar on
 * a terminal, one plain line per change otherwise (CI logs).
 */
export type Progress = {
  status: string;
  pagesTotal: number;
  pagesDone: number;
  pagesError: number;
  etaMs: number | null;
  failureReason: string | null;
};

const ENDED = new Set(["completed", "failed", "cancelled"]);
const BAR_WIDTH = 24;

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

export function describeProgress(progress: Progress): string {
  const errors = progress.pagesError > 0 ? `, ${progress.pagesError} with errors` : "";
  const eta = progress.etaMs !== null && !ENDED.has(progress.status) ? `, about ${formatDuration(progress.etaMs)} left` : "";
  return `${progress.status}: ${progress.pagesDone}/${progress.pagesTotal} pages${errors}${eta}`;
}

export function progressBar(progress: Progress): string {
  const ratio = progress.pagesTotal === 0 ? 0 : Math.min(1, progress.pagesDone / progress.pagesTotal);
  const filled = Math.round(ratio * BAR_WIDTH);
  return `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${describeProgress(progress)}`;
}

export async function watchScan(
  read: () => Promise<Progress>,
  options: { intervalMs: number; stream: NodeJS.WriteStream },
): Promise<Progress> {
  const tty = options.stream.isTTY === true;
  let last = "";
  for (;;) {
    const progress = await read();
    if (tty) {
      options.stream.write(`\r\x1b[2K${progressBar(progress)}`);
    } else {
      const line = describeProgress(progress);
      if (line !== last) options.stream.write(`${line}\n`);
      last = line;
    }
    if (ENDED.has(progress.status)) {
      if (tty) options.stream.write("\n");
      return progress;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}
