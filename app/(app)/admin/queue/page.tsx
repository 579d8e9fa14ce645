import type { Metadata } from "next";
import Link from "next/link";
import { DateTime } from "@/components/format/date-time";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import { requirePageUser } from "@/lib/auth/page";
import { getQueueView } from "@/lib/scans/queue-state";

export const metadata: Metadata = { title: "Scan queue" };
export const dynamic = "force-dynamic";

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export default async function QueuePage() {
  await requirePageUser("queue:read");
  const queue = await getQueueView();
  const live = queue.workers.filter((worker) => worker.alive);
  return (
    <>
      <PageHeader title="Scan queue" description="As of loading this page; reload to refresh. /api/health reports the same counts." />
      {queue.pending > 0 && live.length === 0 ? (
        <Alert tone="warning" title="Pages are waiting and no worker is alive.">
          No worker has sent a heartbeat within a worker lease. Start one with <code>npm run worker</code> (or restart the app).
        </Alert>
      ) : null}
      <section aria-labelledby="queue-counts-title" className="mb-8">
        <h2 id="queue-counts-title" className="sr-only">
          Queue
        </h2>
        <dl className="grid gap-3 sm:grid-cols-3">
          <div className="rounded-lg border border-slate-300 bg-white p-4">
            <dt className="text-sm text-slate-700">Pages pending</dt>
            <dd className="text-2xl font-bold tabular-nums">{queue.pending}</dd>
          </div>
          <div className="rounded-lg border border-slate-300 bg-white p-4">
            <dt className="text-sm text-slate-700">Pages running</dt>
            <dd className="text-2xl font-bold tabular-nums">{queue.running}</dd>
          </div>
          <div className="rounded-lg border border-slate-300 bg-white p-4">
            <dt className="text-sm text-slate-700">Live workers</dt>
            <dd className="text-2xl font-bold tabular-nums">{live.length}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="oldest-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="oldest-title" className="mb-2 text-xl font-semibold">
          Oldest waiting page
        </h2>
        {queue.oldestWaitingPage ? (
          <p className="break-all">
            <Link href={`/sessions/${queue.oldestWaitingPage.sessionId}`}>{queue.oldestWaitingPage.url}</Link> has waited {formatWait(queue.oldestWaitingPage.waitingSeconds)} (since{" "}
            <DateTime value={queue.oldestWaitingPage.since} />
            ).
          </p>
        ) : (
          <p className="text-slate-700">No page is waiting.</p>
        )}
      </section>
      <section aria-labelledby="workers-title">
        <h2 id="workers-title" className="mb-2 text-xl font-semibold">
          Workers
        </h2>
        {queue.workers.length === 0 ? (
          <p className="rounded-lg border border-slate-300 bg-white p-4 text-slate-700">No worker has run in the last day.</p>
        ) : (
          <ScrollableTable
            labelledBy="workers-caption"
            columns={[{ label: "Worker" }, { label: "State" }, { label: "Last heartbeat" }, { label: "Started" }, { label: "Lanes", align: "right" }, { label: "Pages recorded", align: "right" }]}
            caption={
              <caption id="workers-caption" className="px-3 py-2 text-left font-semibold">
                Workers seen in the last day, latest heartbeat first ({queue.workers.length})
              </caption>
            }
          >
            {queue.workers.map((worker) => (
              <tr key={worker.id} className="border-t border-slate-200 align-top">
                <th scope="row" className="px-3 py-2 font-normal break-all">
                  {worker.hostname}, process {worker.pid}
                </th>
                <td className="px-3 py-2">{worker.alive ? "Alive" : <span className="font-semibold text-red-900">Silent</span>}</td>
                <td className="px-3 py-2">
                  <DateTime value={worker.lastHeartbeat} />
                </td>
                <td className="px-3 py-2">
                  <DateTime value={worker.startedAt} />
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{worker.concurrency}</td>
                <td className="px-3 py-2 text-right tabular-nums">{worker.pagesRecorded}</td>
              </tr>
            ))}
          </ScrollableTable>
        )}
      </section>
    </>
  );
}
