"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import type { RestoreJob } from "@/lib/backups/restore-job";

type Choice = { value: string; label: string };
type Upload = { name: string; kind: "clearsight" | "legacy" | "unreadable" };

const POLL_MS = 500;

function sourceOf(value: string): { source: "backup" | "upload"; name: string } {
  const [source, name] = value.split(":") as ["backup" | "upload", string];
  return { source, name };
}

function uploadChoice(upload: Upload): Choice {
  return { value: `upload:${upload.name}`, label: `Uploaded ${upload.name.slice(0, 16).replace("T", " ")} UTC (${upload.kind === "legacy" ? "old-system backup" : "Clearsight backup"})` };
}

async function errorMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `The server answered ${response.status}.`;
}

function count(value: number): string {
  return value.toLocaleString("en-US");
}

function Progress({ job }: { job: RestoreJob }) {
  const progress = job.progress;
  const percent = progress && progress.totalRows > 0 ? Math.floor((progress.doneRows / progress.totalRows) * 100) : 0;
  const eta = progress?.etaSeconds;
  const phase = progress?.phase === "check" ? "Checking the backup's files" : job.dryRun ? "Dry run: restoring, to be rolled back" : "Restoring";
  return (
    <div className="mb-4">
      <label htmlFor="restore-progress" className="block text-sm font-semibold">
        {phase}
      </label>
      <progress id="restore-progress" className="mt-1 h-3 w-full" max={progress?.totalRows || 1} value={progress?.doneRows ?? 0}>
        {percent}%
      </progress>
      <p className="mt-1 text-sm text-slate-700">
        {progress
          ? `${count(progress.doneRows)} of ${count(progress.totalRows)} rows (${percent}%), table ${progress.table}${eta !== undefined ? `, about ${eta}s left` : ""}`
          : "Starting…"}
      </p>
    </div>
  );
}

function Outcome({ job }: { job: RestoreJob }) {
  const result = job.result!;
  const verb = job.dryRun ? "Would insert" : "Inserted";
  return (
    <div>
      <Alert tone={result.complete ? "success" : "warning"} title={job.dryRun ? "Dry run finished: nothing was changed" : result.complete ? "Restore finished" : "Restore finished with rejected rows"}>
        <p>{result.outcome}</p>
      </Alert>
      {result.cascaded.length > 0 ? (
        <Alert tone="warning" title="Rows rejected only because a row they need was rejected">
          <ul className="list-disc pl-5">
            {result.cascaded.map((entry) => (
              <li key={entry.table}>
                {entry.table}: {count(entry.rows)} ({Object.entries(entry.because).map(([table, rows]) => `${rows} because their ${table} row was rejected`).join(", ")})
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {result.mapped.length > 0 ? (
        <>
          <h4 className="mt-4 font-semibold">Matched by email to accounts already here</h4>
          <p className="text-sm text-slate-700">These accounts keep their own password and role; the backup&apos;s records point at them.</p>
          <ul className="mb-4 list-disc pl-5 text-sm">
            {result.mapped.map((mapping) => (
              <li key={mapping.backupId} className="break-all">
                {mapping.key}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {result.created.length > 0 ? (
        <>
          <h4 className="mt-4 font-semibold">Accounts {job.dryRun ? "that would be" : ""} created from the backup</h4>
          <p className="text-sm text-slate-700">Not here before: restored as they were (same role, password and disabled state).</p>
          <ul className="mb-4 list-disc pl-5 text-sm">
            {result.created.map((identity) => (
              <li key={identity.id} className="break-all">
                {identity.key}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ScrollableTable
        labelledBy="restore-tables-caption"
        caption={
          <caption id="restore-tables-caption" className="px-3 py-2 text-left font-semibold">
            {job.dryRun ? "What the restore would do, per table" : "What the restore did, per table"}
          </caption>
        }
        columns={[{ label: "Table" }, { label: "Rows", align: "right" }, { label: verb, align: "right" }, { label: "Already there", align: "right" }, { label: "Matched by email", align: "right" }, { label: job.dryRun ? "Would reject" : "Rejected", align: "right" }]}
      >
        {result.tables.map((table) => (
          <tr key={table.table} className="border-t border-slate-200">
            <th scope="row" className="px-3 py-1 font-normal">
              {table.table}
            </th>
            <td className="px-3 py-1 text-right">{count(table.rows)}</td>
            <td className="px-3 py-1 text-right">{count(table.inserted)}</td>
            <td className="px-3 py-1 text-right">{count(table.skipped)}</td>
            <td className="px-3 py-1 text-right">{count(table.mapped)}</td>
            <td className={`px-3 py-1 text-right${table.rejected > 0 ? " font-semibold text-red-800" : ""}`}>{count(table.rejected)}</td>
          </tr>
        ))}
      </ScrollableTable>
      {result.rejections.length > 0 ? (
        <>
          <h4 className="mt-4 font-semibold">Rejected rows</h4>
          <ul className="list-disc pl-5 text-sm">
            {result.rejections.map((rejection) => (
              <li key={`${rejection.table} ${rejection.id} ${rejection.line ?? ""}`} className="break-all">
                {rejection.table}
                {rejection.line !== undefined ? ` line ${rejection.line}` : ""} (id {rejection.id}): {rejection.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {result.notes.length > 0 ? (
        <ul className="mt-4 list-disc pl-5 text-sm">
          {result.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Restore from the admin page: pick a listed backup or upload one, run a dry run (what would be
 * inserted, already there, matched, rejected), then confirm the restore itself. Both run on the
 * server in the background; this polls their progress.
 */
export function RestorePanel({ backups, initialUploads, initialJob }: { backups: Choice[]; initialUploads: Upload[]; initialJob: RestoreJob | null }) {
  const [uploads, setUploads] = useState(initialUploads);
  const choices = [...uploads.filter((upload) => upload.kind !== "unreadable").map(uploadChoice), ...backups];
  const [selected, setSelected] = useState(choices[0]?.value ?? "");
  const [job, setJob] = useState<RestoreJob | null>(initialJob);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const poll = useCallback(async () => {
    const response = await fetch("/api/v1/backups/restore", { cache: "no-store" });
    if (!response.ok) return setError(await errorMessage(response));
    const body = (await response.json()) as { job: RestoreJob | null; uploads: Upload[] };
    setJob(body.job);
    setUploads(body.uploads);
  }, []);

  useEffect(() => {
    if (job?.state !== "running") return;
    const timer = setTimeout(() => void poll(), POLL_MS);
    return () => clearTimeout(timer);
  }, [job, poll]);

  async function upload() {
    const file = fileInput.current?.files?.[0];
    if (!file) return setError("Choose a backup archive (.tar.gz) to upload first.");
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/v1/backups/uploads", { method: "POST", body: file, headers: { "Content-Type": "application/gzip" } });
      if (!response.ok) return setError(await errorMessage(response));
      const created = (await response.json()) as Upload;
      setUploads((current) => [created, ...current]);
      setSelected(`upload:${created.name}`);
      if (fileInput.current) fileInput.current.value = "";
    } finally {
      setBusy(false);
    }
  }

  async function start(dryRun: boolean) {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/v1/backups/restore", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ ...sourceOf(selected), dryRun }),
      });
      if (!response.ok) return setError(await errorMessage(response));
      setJob(((await response.json()) as { job: RestoreJob }).job);
    } finally {
      setBusy(false);
    }
  }

  const running = job?.state === "running";
  const jobIsForSelection = job !== null && `${job.source.source}:${job.source.name}` === selected;
  const dryRunDone = jobIsForSelection && job.dryRun && job.state === "done";

  return (
    <section aria-labelledby="restore-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-4">
      <h2 id="restore-title" className="text-lg font-semibold">
        Restore a backup
      </h2>
      <p className="mt-1 mb-3 text-sm text-slate-700">
        A dry run comes first: it restores in a transaction that is rolled back, and shows what would be inserted, what is already here,
        which accounts are matched by email and what would be rejected. Nothing already here is ever overwritten.
      </p>

      <div className="mb-4">
        <label htmlFor="restore-upload" className="block text-sm font-semibold">
          Upload a backup (.tar.gz, as downloaded above)
        </label>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <input id="restore-upload" ref={fileInput} type="file" accept=".tar.gz,.tgz,application/gzip" className="max-w-full text-sm" />
          <Button variant="secondary" onClick={() => void upload()} disabled={busy || running}>
            Upload
          </Button>
        </div>
      </div>

      {choices.length === 0 ? (
        <p className="text-sm">No backup to restore yet: upload one or create one above.</p>
      ) : (
        <>
          <label htmlFor="restore-source" className="block text-sm font-semibold">
            Backup to restore
          </label>
          <select
            id="restore-source"
            value={selected}
            onChange={(event) => setSelected(event.target.value)}
            className="mt-1 mb-3 block min-h-11 w-full max-w-full rounded-md border border-slate-500 bg-white px-2 text-sm"
          >
            {choices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
          <div className="mb-4 flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => void start(true)} disabled={busy || running}>
              Dry run
            </Button>
            <Button variant="danger" onClick={() => void start(false)} disabled={busy || running || !dryRunDone} aria-describedby="restore-confirm-hint">
              Confirm restore
            </Button>
          </div>
          <p id="restore-confirm-hint" className="mb-4 text-sm text-slate-700">
            {dryRunDone ? "The dry run of this backup is below; confirm to restore it." : "Run a dry run of the selected backup first."}
          </p>
        </>
      )}

      <div role="status" aria-live="polite">
        {error ? <Alert tone="error">{error}</Alert> : null}
        {job && running ? <Progress job={job} /> : null}
        {job && job.state === "failed" ? <Alert tone="error" title={job.dryRun ? "The dry run failed" : "The restore failed; nothing was changed"}><p className="whitespace-pre-wrap break-words">{job.error}</p></Alert> : null}
      </div>
      {job && job.state === "done" && job.result ? (
        <>
          <h3 className="mt-2 mb-2 font-semibold">
            {job.dryRun ? "Dry run" : "Restore"} of {job.source.source === "upload" ? "uploaded backup" : "backup"} {job.source.name}
          </h3>
          <Outcome job={job} />
        </>
      ) : null}
    </section>
  );
}
