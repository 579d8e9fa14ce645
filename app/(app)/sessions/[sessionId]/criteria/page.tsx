import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import { listSessionCriteria, summariseProgress, type CriterionRow } from "@/lib/audits/queries";
import { OUTCOME_LABELS, PROPOSAL_LABELS } from "@/lib/audits/schema";
import { requirePageUser } from "@/lib/auth/page";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/uuid";

export const metadata: Metadata = { title: "Audit criteria" };

function ProgressTable({ id, title, groups }: { id: string; title: string; groups: Array<{ name: string; decided: number; total: number }> }) {
  return (
    <ScrollableTable labelledBy={id} columns={[{ label: title }, { label: "Decided", align: "right" }, { label: "In scope", align: "right" }, { label: "Done", align: "right" }]} caption={<caption id={id} className="px-3 py-2 text-left font-semibold">Progress by {title.toLowerCase()}</caption>}>
      {groups.map((group) => (
        <tr key={group.name} className="border-t border-slate-200">
          <th scope="row" className="px-3 py-2 font-normal">
            {group.name}
          </th>
          <td className="px-3 py-2 text-right">{group.decided}</td>
          <td className="px-3 py-2 text-right">{group.total}</td>
          <td className="px-3 py-2 text-right">{Math.round((group.decided / Math.max(group.total, 1)) * 100)} %</td>
        </tr>
      ))}
    </ScrollableTable>
  );
}

function Proposal({ row }: { row: CriterionRow }) {
  const counts = row.automated.violations + row.automated.needsReview > 0 ? ` — ${row.automated.violations} open violations, ${row.automated.needsReview} to review` : "";
  return (
    <>
      {PROPOSAL_LABELS[row.proposal].replace(/ \(.*\)$/, "")}
      {counts}
    </>
  );
}

export default async function CriteriaPage({ params }: { params: Promise<{ sessionId: string }> }) {
  await requirePageUser("results:read");
  const { sessionId } = await params;
  if (!isUuid(sessionId)) notFound();
  const { session, criteria } = await listSessionCriteria(sessionId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const progress = summariseProgress(criteria);
  const principles = [...new Set(criteria.map((row) => row.principle))];

  return (
    <>
      <PageHeader
        title={`Audit: ${session.name}`}
        description={
          <>
            WCAG {session.wcagVersion} level {session.wcagLevel}, {session.approach} session. <Link href={`/sessions/${session.id}`}>Back to the session</Link>
          </>
        }
      />
      <section aria-labelledby="progress-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="progress-title" className="mb-2 text-xl font-semibold">
          Progress
        </h2>
        <p className="mb-2">
          <strong>
            {progress.decided} of {progress.total}
          </strong>{" "}
          criteria decided.
        </p>
        <progress className="mb-4 h-3 w-full" max={progress.total} value={progress.decided} aria-label="Criteria decided">
          {progress.decided} of {progress.total}
        </progress>
        <div className="grid gap-4 md:grid-cols-2">
          <ProgressTable id="progress-principle" title="Principle" groups={progress.byPrinciple} />
          <ProgressTable id="progress-level" title="Level" groups={progress.byLevel} />
        </div>
      </section>
      {principles.map((principle) => {
        const rows = criteria.filter((row) => row.principle === principle);
        const headingId = `principle-${principle.toLowerCase()}`;
        return (
          <section key={principle} aria-labelledby={headingId} className="mb-8">
            <h2 id={headingId} className="mb-3 text-xl font-semibold">
              {principle}
            </h2>
            <ScrollableTable label={`${principle} criteria`} columns={[{ label: "Criterion" }, { label: "Level" }, { label: "Outcome" }, { label: "Automated" }, { label: "Remarks" }]}>
              {rows.map((row) => (
                <tr key={row.criterion} className="border-t border-slate-200 align-top">
                  <th scope="row" className="px-3 py-2 font-normal">
                    <Link href={`/sessions/${session.id}/criteria/${row.criterion}`}>
                      {row.criterion} {row.title}
                    </Link>
                  </th>
                  <td className="px-3 py-2">{row.level}</td>
                  <td className="px-3 py-2 font-semibold">{OUTCOME_LABELS[row.outcome]}</td>
                  <td className="px-3 py-2">
                    <Proposal row={row} />
                  </td>
                  <td className="px-3 py-2 whitespace-pre-line">{row.notes ?? ""}</td>
                </tr>
              ))}
            </ScrollableTable>
          </section>
        );
      })}
    </>
  );
}
