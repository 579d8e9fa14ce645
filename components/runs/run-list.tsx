import Link from "next/link";
import { DateTime } from "@/components/format/date-time";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import type { RunView } from "@/lib/runs/queries";
import { TRIGGER_LABELS } from "./labels";

/** A session's runs, newest first, each linking to its results and exports. */
export function RunList({ sessionId, runs, total, actions }: { sessionId: string; runs: RunView[]; total: number; actions?: (run: RunView) => React.ReactNode }) {
  if (runs.length === 0) return <p className="text-slate-700">No scan has run yet.</p>;
  return (
    <ScrollableTable
      labelledBy="runs-caption"
      columns={[{ label: "Run" }, { label: "Status" }, { label: "Started by" }, { label: "Started" }, { label: "Ended" }, { label: "Pages" }, { label: "Violations" }, { label: "Actions", srOnly: true }]}
      caption={
        <caption id="runs-caption" className="px-3 py-2 text-left font-semibold">
          Runs of this session{total > runs.length ? ` (the latest ${runs.length} of ${total})` : ""}
        </caption>
      }
    >
      {runs.map((run, index) => (
        <tr key={run.id} className="border-t border-slate-200 align-top">
          <th scope="row" className="px-3 py-2 font-normal">
            <Link href={`/sessions/${sessionId}/results${index === 0 ? "" : `?run=${run.id}`}`}>
              Run {run.number}
              {index === 0 ? " (latest)" : ""}
            </Link>
          </th>
          <td className="px-3 py-2">
            {run.status}
            {run.failureReason ? <span className="block text-red-800">{run.failureReason}</span> : null}
          </td>
          <td className="px-3 py-2">
            {TRIGGER_LABELS[run.trigger]}
            {run.triggeredBy ? <span className="block text-slate-700">{run.triggeredBy.name}</span> : null}
            {run.apiToken ? <span className="block text-slate-700">token “{run.apiToken.name}”</span> : null}
          </td>
          <td className="px-3 py-2">
            <DateTime value={run.startedAt ?? run.queuedAt} />
          </td>
          <td className="px-3 py-2">
            <DateTime value={run.completedAt} fallback="—" />
          </td>
          <td className="px-3 py-2">
            {run.pagesDone + run.pagesFailed} of {run.pagesPlanned}
            {run.pagesFailed > 0 ? <span className="block text-slate-700">{run.pagesFailed} with errors</span> : null}
          </td>
          <td className="px-3 py-2">{run.violations}</td>
          <td className="px-3 py-2">
            <span className="flex flex-wrap gap-x-3 gap-y-1">
              <a href={`/api/v1/runs/${run.id}/export?format=csv`} download>
                CSV<span className="sr-only"> export of run {run.number}</span>
              </a>
              <a href={`/api/v1/runs/${run.id}/export?format=json`} download>
                JSON<span className="sr-only"> export of run {run.number}</span>
              </a>
              {actions?.(run)}
            </span>
          </td>
        </tr>
      ))}
    </ScrollableTable>
  );
}
