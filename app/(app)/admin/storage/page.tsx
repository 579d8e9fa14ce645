import type { Metadata } from "next";
import Link from "next/link";
import { formatBytes } from "@/components/format/bytes";
import { RetentionForm } from "@/components/retention/retention-form";
import { PageHeader } from "@/components/ui/page-header";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import { requirePageUser } from "@/lib/auth/page";
import { getInstanceRetention } from "@/lib/retention/queries";
import { getStorageReport } from "@/lib/retention/storage";
import { describeRetention } from "@/lib/retention/schema";
import { updateInstanceRetentionAction } from "./actions";

export const metadata: Metadata = { title: "Storage and retention" };
export const dynamic = "force-dynamic";

export default async function StoragePage() {
  await requirePageUser("retention:manage");
  const [instance, storage] = await Promise.all([getInstanceRetention(), getStorageReport()]);
  const count = (value: number) => value.toLocaleString("en-US");
  const reclaimable = storage.projects.reduce((sum, project) => sum + project.reclaimable.bytes, 0);
  return (
    <>
      <PageHeader title="Storage and retention" description="How long scan runs are kept, and the space they take." />
      <section aria-labelledby="default-retention-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="default-retention-title" className="mb-2 text-xl font-semibold">
          Default retention
        </h2>
        <p className="mb-4 text-slate-700">
          For every project that sets none of its own. {describeRetention(instance)} A worker prunes in the background, in small batches, and records each pass in the audit log.
        </p>
        <RetentionForm action={updateInstanceRetentionAction} settings={instance} submitLabel="Save default retention" />
      </section>

      <section aria-labelledby="storage-title" className="mb-8">
        <h2 id="storage-title" className="mb-2 text-xl font-semibold">
          Database size per project
        </h2>
        <p className="mb-4 text-slate-700">
          The database takes {formatBytes(storage.databaseBytes)}, of which scan results (runs, pages, findings, screenshots) {formatBytes(storage.resultsBytes)}. A project&apos;s size is an estimate: each
          results table&apos;s size shared out by the project&apos;s rows (screenshots by their bytes). A retention pass now would free about {formatBytes(reclaimable)}; PostgreSQL reuses freed space for
          new rows rather than shrinking its files.
        </p>
        {storage.projects.length === 0 ? (
          <p className="rounded-lg border border-slate-300 bg-white p-4 text-slate-700">No projects yet.</p>
        ) : (
          <ScrollableTable
            labelledBy="storage-caption"
            columns={[{ label: "Project" }, { label: "Size", align: "right" }, { label: "Runs", align: "right" }, { label: "Findings", align: "right" }, { label: "Screenshots", align: "right" }, { label: "Retention would free" }]}
            caption={
              <caption id="storage-caption" className="px-3 py-2 text-left font-semibold">
                Projects, largest first ({storage.projects.length})
              </caption>
            }
          >
            {storage.projects.map((project) => (
              <tr key={project.projectId} className="border-t border-slate-200 align-top">
                <th scope="row" className="px-3 py-2 font-normal">
                  <Link href={`/projects/${project.projectId}`}>{project.name}</Link>
                  {project.status === "active" ? null : <span className="text-slate-700"> ({project.status})</span>}
                </th>
                <td className="px-3 py-2 text-right tabular-nums">{formatBytes(project.bytes)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{count(project.rows.runs)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{count(project.rows.findings)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{count(project.rows.screenshots)}</td>
                <td className="px-3 py-2">
                  {project.reclaimable.bytes === 0 && project.reclaimable.screenshots === 0 ? (
                    "Nothing"
                  ) : (
                    <>
                      {formatBytes(project.reclaimable.bytes)}: {count(project.reclaimable.runs)} runs, {count(project.reclaimable.findings)} findings, {count(project.reclaimable.screenshots)} screenshots
                    </>
                  )}
                </td>
              </tr>
            ))}
          </ScrollableTable>
        )}
      </section>
    </>
  );
}
