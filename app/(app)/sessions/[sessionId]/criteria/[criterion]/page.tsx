import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeleteInstanceForm, InstanceForm, OutcomeForm, RequirementsForm } from "@/components/audits/audit-forms";
import { PageHeader } from "@/components/ui/page-header";
import { TestRequirementList, W3cNotice } from "@/components/wcag/test-requirements";
import { getSessionCriterion } from "@/lib/audits/queries";
import { CRITERION_OUTCOMES, MAX_SCREENSHOT_BYTES, OUTCOME_LABELS, PROPOSAL_LABELS } from "@/lib/audits/schema";
import { requirePageUser } from "@/lib/auth/page";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { getCriterionTests, TEST_REQUIREMENTS_LICENSE, TEST_REQUIREMENTS_SOURCE } from "@/lib/wcag/test-requirements";
import { addInstanceAction, checkRequirementsAction, deleteInstanceAction, recordOutcomeAction } from "../actions";
import { isUuid } from "@/lib/uuid";

export async function generateMetadata({ params }: { params: Promise<{ criterion: string }> }): Promise<Metadata> {
  return { title: `Criterion ${(await params).criterion}` };
}

const CARD = "mb-8 rounded-lg border border-slate-300 bg-white p-6";

export default async function CriterionPage({ params }: { params: Promise<{ sessionId: string; criterion: string }> }) {
  const user = await requirePageUser("results:read");
  const { sessionId, criterion: criterionId } = await params;
  if (!isUuid(sessionId)) notFound();
  const { session, criterion, instances, previous, next } = await getSessionCriterion(sessionId, decodeURIComponent(criterionId)).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "not_found" || error.code === "invalid_request")) notFound();
    throw error;
  });
  const canRecord = can(user.role, "audits:record");
  const tests = getCriterionTests(criterion.criterion);
  const base = `/sessions/${session.id}/criteria`;

  return (
    <>
      <PageHeader
        title={`${criterion.criterion} ${criterion.title}`}
        description={
          <>
            Level {criterion.level} · {criterion.guideline} · <a href={criterion.understanding}>Understanding {criterion.criterion} at W3C</a>
          </>
        }
      />
      <nav aria-label="Criteria" className="mb-6 flex flex-wrap gap-4">
        <Link href={base}>All criteria of {session.name}</Link>
        {previous ? <Link href={`${base}/${previous}`}>Previous criterion: {previous}</Link> : null}
        {next ? <Link href={`${base}/${next}`}>Next criterion: {next}</Link> : null}
      </nav>

      <section aria-labelledby="automated-title" className={CARD}>
        <h2 id="automated-title" className="mb-2 text-xl font-semibold">
          Automated results
        </h2>
        <p className="mb-2 font-semibold">{PROPOSAL_LABELS[criterion.proposal]}</p>
        <p>
          {criterion.automated.violations} open violation{criterion.automated.violations === 1 ? "" : "s"}, {criterion.automated.needsReview} item
          {criterion.automated.needsReview === 1 ? "" : "s"} needing review.{" "}
          {criterion.automated.violations + criterion.automated.needsReview > 0 ? (
            <Link href={`/sessions/${session.id}/results?groupBy=issue&kind=all&criterion=${criterion.criterion}`}>See them in the results</Link>
          ) : null}
        </p>
        <p className="mt-2 text-sm text-slate-700">A proposal is a hint: only the outcome you save below counts.</p>
      </section>

      <section aria-labelledby="verdict-title" className={CARD}>
        <h2 id="verdict-title" className="mb-2 text-xl font-semibold">
          Outcome
        </h2>
        <p className="mb-4">
          Current: <strong>{OUTCOME_LABELS[criterion.outcome]}</strong>
          {criterion.testedBy && criterion.testedAt ? ` — set by ${criterion.testedBy.name} on ${criterion.testedAt.slice(0, 16).replace("T", " ")} UTC` : ""}
        </p>
        {canRecord ? (
          <OutcomeForm
            key={criterion.criterion}
            action={recordOutcomeAction.bind(null, session.id, criterion.criterion)}
            outcomes={CRITERION_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABELS[value] }))}
            outcome={criterion.outcome}
            notes={criterion.notes ?? ""}
            expectedUpdatedAt={criterion.updatedAt ?? "none"}
          />
        ) : (
          <p className="whitespace-pre-line">{criterion.notes ?? "No remarks."}</p>
        )}
      </section>

      <section aria-labelledby="instances-title" className={CARD}>
        <h2 id="instances-title" className="mb-2 text-xl font-semibold">
          Failure instances ({instances.length})
        </h2>
        {instances.length > 0 ? (
          <ul className="mb-6 flex flex-col gap-4">
            {instances.map((instance, index) => (
              <li key={instance.id} className="rounded-md border border-slate-300 p-4">
                <p className="font-semibold whitespace-pre-line">{instance.description}</p>
                <p className="text-sm break-all">Page: {instance.pageUrl}</p>
                {instance.selector ? <p className="text-sm break-all">Element: <code>{instance.selector}</code></p> : null}
                {instance.hasScreenshot ? (
                  // eslint-disable-next-line @next/next/no-img-element -- an authenticated API image, not a static asset
                  <img
                    src={`/api/v1/sessions/${session.id}/criteria/${criterion.criterion}/instances/${instance.id}/screenshot`}
                    alt={`Screenshot of failure instance ${index + 1}: ${instance.description.slice(0, 100)}`}
                    width={instance.screenshotWidth ?? undefined}
                    height={instance.screenshotHeight ?? undefined}
                    className="my-2 h-auto max-w-full border border-slate-400"
                  />
                ) : null}
                {canRecord ? (
                  <DeleteInstanceForm action={deleteInstanceAction.bind(null, session.id, criterion.criterion, instance.id)} label={`Remove failure instance ${index + 1}`} />
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mb-4">No failure instances recorded.</p>
        )}
        {canRecord ? (
          <>
            <h3 className="mb-2 text-lg font-semibold">Add a failure instance</h3>
            <InstanceForm key={criterion.criterion} action={addInstanceAction.bind(null, session.id, criterion.criterion)} maxMegabytes={MAX_SCREENSHOT_BYTES / 1024 / 1024} />
          </>
        ) : null}
      </section>

      <section aria-labelledby="tests-title" className={CARD}>
        <h2 id="tests-title" className="mb-2 text-xl font-semibold">
          W3C test requirements
        </h2>
        <p className="mb-2">
          {criterion.checkedRequirements.length} of {tests?.requirements.length ?? 0} checked.
        </p>
        {tests ? (
          canRecord ? (
            <RequirementsForm key={criterion.criterion} action={checkRequirementsAction.bind(null, session.id, criterion.criterion)}>
              <TestRequirementList tests={tests} checked={criterion.checkedRequirements} checkable />
            </RequirementsForm>
          ) : (
            <TestRequirementList tests={tests} checked={criterion.checkedRequirements} />
          )
        ) : null}
        <W3cNotice source={TEST_REQUIREMENTS_SOURCE} license={TEST_REQUIREMENTS_LICENSE} />
      </section>
    </>
  );
}
