import type { Metadata } from "next";
import { formatBytes } from "@/components/format/bytes";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import { requirePageUser } from "@/lib/auth/page";
import { listBackups, type BackupSummary } from "@/lib/backups/queries";
import { listUploadedBackups, readRestoreJob } from "@/lib/backups/restore-job";
import { getBackupHealth, isBackupRunning } from "@/lib/backups/schedule";
import { createBackupAction } from "./actions";
import { RestorePanel } from "./restore-panel";

export const metadata: Metadata = { title: "Backups" };
export const dynamic = "force-dynamic";

const OUTCOMES: Record<string, { tone: "success" | "warning" | "error"; text: string }> = {
  started: { tone: "success", text: "Backup started. It is listed here once written, and marked good once a test restore succeeded; reload the page to see it." },
  running: { tone: "warning", text: "A backup is already running. Reload the page in a moment to see it." },
  failed: { tone: "error", text: "The backup could not be started. See the server log for details." },
};

function formatTime(iso: string): string {
  return iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "Unknown";
}

function VerificationCell({ backup }: { backup: BackupSummary }) {
  if (backup.problem) return <span className="font-semibold text-red-800">Unreadable: {backup.problem}</span>;
  const verification = backup.verification;
  if (!verification) return <span>Not verified yet</span>;
  if (verification.state === "ok") {
    return (
      <span>
        <span className="font-semibold text-green-800">Good</span> (restored {formatTime(verification.verifiedAt)})
      </span>
    );
  }
  return (
    <span>
      <span className="font-semibold text-red-800">Failed</span>: {verification.problems.slice(0, 2).join("; ")}
    </span>
  );
}

export default async function BackupsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("backups:manage");
  const [backups, health, running, uploads, restoreJob, params] = await Promise.all([
    listBackups(),
    getBackupHealth(),
    isBackupRunning(),
    listUploadedBackups(),
    readRestoreJob(),
    searchParams,
  ]);
  const outcome = typeof params.backup === "string" ? OUTCOMES[params.backup] : undefined;

  return (
    <>
      <PageHeader
        title="Backups"
        description="Every table, from one consistent snapshot. A backup counts as good only after a test restore into a scratch database."
      />
      {outcome ? (
        <Alert tone={outcome.tone} role={outcome.tone === "error" ? "alert" : "status"}>
          {outcome.text}
        </Alert>
      ) : null}
      {health.state === "warning" ? (
        <Alert tone="warning" title="Backups need attention">
          {health.message}
        </Alert>
      ) : null}
      {health.state === "disabled" ? <Alert tone="info">{health.message}</Alert> : null}

      <section aria-labelledby="create-backup-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="create-backup-title" className="text-lg font-semibold">
          Create a backup now
        </h2>
        <p className="mt-1 mb-3 text-sm text-slate-700">
          Runs in the background: writes the backup, test-restores it, then keeps the newest ones as configured.
          {running ? " A backup is running right now." : ""}
        </p>
        <form action={createBackupAction}>
          <Button type="submit" disabled={running} aria-describedby={running ? "backup-running" : undefined}>
            Create backup now
          </Button>
          {running ? (
            <p id="backup-running" className="mt-2 text-sm text-slate-700">
              Wait for the running backup to finish.
            </p>
          ) : null}
        </form>
      </section>

      {backups.length === 0 ? (
        <p>No backups yet.</p>
      ) : (
        <ScrollableTable
          labelledBy="backups-caption"
          columns={[{ label: "Created" }, { label: "Size" }, { label: "Rows" }, { label: "Verification" }, { label: "Download" }]}
          caption={
            <caption id="backups-caption" className="px-3 py-2 text-left font-semibold">
              Backups, newest first ({backups.length})
            </caption>
          }
        >
          {backups.map((backup) => (
            <tr key={backup.name} className="border-t border-slate-200 align-top">
              <th scope="row" className="px-3 py-2 font-normal">
                {formatTime(backup.createdAt)}
                <span className="block text-xs text-slate-700">
                  Version {backup.appVersion || "?"}, migration {backup.migration ?? "none"}
                </span>
              </th>
              <td className="px-3 py-2 whitespace-nowrap">{formatBytes(backup.bytes)}</td>
              <td className="px-3 py-2">
                <details>
                  <summary className="cursor-pointer">{backup.rows.toLocaleString("en-US")}</summary>
                  <ul className="mt-1">
                    {backup.tables.map((table) => (
                      <li key={table.name}>
                        {table.name}: {table.rows.toLocaleString("en-US")}
                      </li>
                    ))}
                  </ul>
                </details>
              </td>
              <td className="px-3 py-2">
                <VerificationCell backup={backup} />
              </td>
              <td className="px-3 py-2">
                {backup.problem ? (
                  "Unavailable"
                ) : (
                  <a href={`/api/v1/backups/${encodeURIComponent(backup.name)}/download`} download>
                    Download<span className="sr-only"> backup of {formatTime(backup.createdAt)}</span> (.tar.gz)
                  </a>
                )}
              </td>
            </tr>
          ))}
        </ScrollableTable>
      )}

      <div className="mt-8">
        <RestorePanel
          initialUploads={uploads}
          initialJob={restoreJob ?? null}
          backups={backups
            .filter((backup) => !backup.problem)
            .map((backup) => ({
              value: `backup:${backup.name}`,
              label: `${formatTime(backup.createdAt)}, ${backup.rows.toLocaleString("en-US")} rows${backup.verification?.state === "ok" ? ", verified good" : ""}`,
            }))}
        />
      </div>
    </>
  );
}
