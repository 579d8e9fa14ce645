/**
 * Progress of a long backup, check or restore on stderr: rows done / total per table, rate and
 * time left. On a terminal one line is redrawn; otherwise a line is printed at most every
 * quarter second, which is also what scripts watching the output read.
 */
export type ProgressEvent = {
  /** "backup", "check", "restore"… */
  phase: string;
  table: string;
  rows: number;
  tableRows: number;
  /** Across all tables of the run. */
  doneRows: number;
  totalRows: number;
};

export type ProgressListener = (event: ProgressEvent) => void;

/** Rows done across a whole run, shared by the tables of one restore. */
export type ProgressCounter = {
  onProgress?: ProgressListener;
  totalRows: number;
  doneRows: () => number;
  addDone: (rows: number) => void;
};

export function createProgressCounter(totalRows: number, onProgress?: ProgressListener): ProgressCounter {
  let done = 0;
  return { onProgress, totalRows, doneRows: () => done, addDone: (rows) => (done += rows) };
}

function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, "0")}s`;
}

export function createProgressPrinter(stream: NodeJS.WriteStream = process.stderr): ProgressListener & { finish: () => void } {
  const interactive = Boolean(stream.isTTY);
  const interval = interactive ? 100 : 250;
  const started = new Map<string, number>();
  let lastPrint = 0;
  let lastKey = "";

  const print: ProgressListener & { finish: () => void } = Object.assign(
    (event: ProgressEvent) => {
      const now = Date.now();
      if (!started.has(event.phase)) started.set(event.phase, now);
      const key = `${event.phase}:${event.table}`;
      const tableDone = event.rows >= event.tableRows;
      if (key === lastKey && !tableDone && now - lastPrint < interval) return;
      lastPrint = now;
      lastKey = key;
      const elapsed = Math.max((now - started.get(event.phase)!) / 1000, 0.001);
      const rate = event.doneRows / elapsed;
      const eta = rate > 0 ? (event.totalRows - event.doneRows) / rate : Number.POSITIVE_INFINITY;
      const percent = event.tableRows > 0 ? Math.floor((event.rows / event.tableRows) * 100) : 100;
      const line =
        `${event.phase} ${event.table}: ${formatCount(event.rows)} / ${formatCount(event.tableRows)} rows (${percent}%)` +
        ` | total ${formatCount(event.doneRows)} / ${formatCount(event.totalRows)}, ${formatCount(Math.round(rate))} rows/s, ETA ${formatDuration(eta)}`;
      if (interactive) stream.write(`\r\x1b[2K${line}`);
      else stream.write(`${line}\n`);
    },
    {
      finish: () => {
        if (interactive) stream.write("\n");
      },
    },
  );
  return print;
}
