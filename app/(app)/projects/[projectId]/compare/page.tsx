import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CompareForm } from "@/components/results/compare-form";
import { PageHeader } from "@/components/ui/page-header";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import { requirePageUser } from "@/lib/auth/page";
import { AppError } from "@/lib/errors";
import { getProjectOrNull } from "@/lib/projects/queries";
import { compareRuns, type ComparedIssue } from "@/lib/results/compare";
import { listProjectRuns } from "@/lib/runs/queries";
import { isUuid } from "@/lib/uuid";

type SearchParams = Record<string, string | string[] | undefined>;

export async function generateMetadata({ params }: { params: Promise<{ projectId: string }> }): Promise<Metadata> {
  const { projectId } = await params;
  const project = isUuid(projectId) ? await getProjectOrNull(projectId) : null;
  return { title: project ? `Compare scans · ${project.name}` : "Not found" };
}

export default async function ComparePage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<SearchParams> }) {
  const { projectId } = await params;
  await requirePageUser("results:read");
  if (!isUuid(projectId)) notFound();
  const project = await getProjectOrNull(projectId);
  if (!project) notFound();
  const query = await searchParams;
  const runs = await listProjectRuns(projectId);
  const pick = (value: unknown) => (typeof value === "string" && isUuid(value) ? value : undefined);
  const head = pick(query.head) ?? runs[0]?.id;
  const base = pick(query.base) ?? runs.find((run) => run.id !== head)?.id;
  let comparison: Awaited<ReturnType<typeof compareRuns>> | null = null;
  let problem: string | null = null;
  if (base && head) {
    try {
      comparison = await compareRuns(projectId, base, head);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problem = error.message;
    }
  }
  const label = (run: (typeof runs)[number]) =>
    `${run.sessionName}, run ${run.number} (${run.status}${run.completedAt ? `, ${run.completedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""})`;
  // A head or base given as a session id means its latest run: select that run in the pickers.
  const selectedBase = comparison?.base.id ?? base;
  const selectedHead = comparison?.head.id ?? head;

  return (
    <>
      <PageHeader
        title="Compare scans"
        description={
          <>
            Issues that are new, fixed or unchanged between two scans of <Link href={`/projects/${projectId}`}>{project.name}</Link>.
          </>
        }
      />
      {runs.length < 2 ? (
        <p className="rounded-lg border border-slate-300 bg-white p-4">This project needs at least two finished scans to compare.</p>
      ) : (
        <div className="mb-6">
          <CompareForm action={`/projects/${projectId}/compare`} scans={runs.map((run) => ({ id: run.id, label: label(run) }))} base={selectedBase} head={selectedHead} />
        </div>
      )}
      {problem ? (
        <p role="alert" className="mb-4 text-red-800">
          {problem}
        </p>
      ) : null}
      {comparison ? (
        <>
          <h2 className="mb-3 text-xl font-semibold">
            {comparison.base.name}, run {comparison.base.number} → {comparison.head.name}, run {comparison.head.number}
          </h2>
          <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-4">
            {[
              ["New", comparison.new.count],
              ["Fixed", comparison.fixed.count],
              ["Unchanged", comparison.unchanged.count],
              ["Page not rescanned", comparison.notRescanned.count],
            ].map(([term, value]) => (
              <div key={term} className="rounded-lg border border-slate-300 bg-white p-3">
                <dt className="text-sm text-slate-700">{term}</dt>
                <dd className="text-lg font-semibold">{value}</dd>
              </div>
            ))}
          </dl>
          <IssueTable id="new" title="New issues" issues={comparison.new.issues} total={comparison.new.count} />
          <IssueTable id="fixed" title="Fixed issues" issues={comparison.fixed.issues} total={comparison.fixed.count} />
          <IssueTable id="unchanged" title="Unchanged issues" issues={comparison.unchanged.issues} total={comparison.unchanged.count} />
          <IssueTable id="not-rescanned" title="Issues on pages the later scan did not cover" issues={comparison.notRescanned.issues} total={comparison.notRescanned.count} />
        </>
      ) : null}
    </>
  );
}

function IssueTable({ id, title, issues, total }: { id: string; title: string; issues: ComparedIssue[]; total: number }) {
  // A plain wrapper: the table's scrolling region is the landmark, named by the heading (two
  // landmarks with one name would be indistinguishable).
  return (
    <div className="mb-6">
      <h3 id={`${id}-title`} className="mb-2 text-lg font-semibold">
        {title} ({total})
      </h3>
      {issues.length === 0 ? (
        <p className="text-sm text-slate-700">None.</p>
      ) : (
        <ScrollableTable
          labelledBy={`${id}-title`}
          columns={[{ label: "Page" }, { label: "Rule" }, { label: "Impact" }, { label: "Element" }]}
          caption={
            <caption className="sr-only">
              {title}
              {total > issues.length ? `, first ${issues.length} of ${total}` : ""}
            </caption>
          }
        >
          {issues.map((issue) => (
            <tr key={issue.fingerprint} className="border-t border-slate-200 align-top">
              <th scope="row" className="px-3 py-2 font-normal break-all">
                {issue.pagePath}
              </th>
              <td className="px-3 py-2">
                {issue.ruleId}
                {issue.help ? <span className="block text-slate-700">{issue.help}</span> : null}
              </td>
              <td className="px-3 py-2">{issue.impact ?? "—"}</td>
              <td className="px-3 py-2">
                <code className="break-all">{issue.selector}</code>
              </td>
            </tr>
          ))}
        </ScrollableTable>
      )}
    </div>
  );
}
