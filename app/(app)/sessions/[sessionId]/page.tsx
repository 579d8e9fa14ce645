import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DateTime } from "@/components/format/date-time";
import { ReportDownloads } from "@/components/reports/report-downloads";
import { RunList } from "@/components/runs/run-list";
import { ScanControls } from "@/components/scans/scan-controls";
import { ScanProgress } from "@/components/scans/scan-progress";
import { DuplicateSessionForm, SessionStatusForm } from "@/components/sessions/session-actions";
import { Alert } from "@/components/ui/alert";
import { LinkButton } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/page";
import { can } from "@/lib/permissions";
import { listSessionCriteria, summariseProgress } from "@/lib/audits/queries";
import { estimatePdfSeconds } from "@/lib/reports/estimate";
import { countRunContents, countSessionContents, listSessionRuns } from "@/lib/runs/queries";
import { getScanProgress } from "@/lib/scans/progress";
import { SESSION_TRANSITIONS } from "@/lib/sessions/lifecycle";
import { getSessionOrNull } from "@/lib/sessions/queries";
import { changeSessionStatusAction, deleteRunAction, deleteSessionAction, duplicateSessionAction } from "../actions";

export async function generateMetadata({ params }: { params: Promise<{ sessionId: string }> }): Promise<Metadata> {
  const session = await getSessionOrNull((await params).sessionId);
  return { title: session ? `${session.name} · ${session.project.name}` : "Not found" };
}

const SCOPE_PREVIEW = 50;

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;

export default async function SessionPage({ params, searchParams }: { params: Promise<{ sessionId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("sessions:read");
  const { sessionId } = await params;
  const session = await getSessionOrNull(sessionId);
  if (!session) notFound();
  const canWrite = can(user.role, "sessions:write");
  const manual = session.approach === "manual";
  const [progress, runs] = await Promise.all([manual ? null : getScanProgress(session.id), listSessionRuns(session.id, { pageSize: 50 })]);
  const projectArchived = session.project.status === "archived";
  const audit = summariseProgress((await listSessionCriteria(session.id)).criteria);
  const canDelete = can(user.role, "results:delete");
  const deletedRun = (await searchParams).deletedRun;
  const [runContents, sessionContents] = canDelete ? await Promise.all([countRunContents(runs.items.map((run) => run.id)), countSessionContents(session.id)]) : [new Map(), null];

  return (
    <>
      <PageHeader
        title={session.name}
        description={
          <>
            Session in <Link href={`/projects/${session.project.id}`}>{session.project.name}</Link>
          </>
        }
        actions={canWrite ? <LinkButton href={`/sessions/${session.id}/edit`}>Edit session</LinkButton> : null}
      />

      {typeof deletedRun === "string" && /^\d+$/.test(deletedRun) ? (
        <Alert tone="success" role="status">
          Run {deletedRun} deleted, with its pages, findings and screenshots.
        </Alert>
      ) : null}

      <section aria-labelledby="session-details-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="session-details-title" className="mb-4 text-xl font-semibold">
          Details
        </h2>
        <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
          <dt className="font-semibold">Status</dt>
          <dd>
            {session.status}
            {session.failureReason ? <span className="text-red-800"> — {session.failureReason}</span> : null}
          </dd>
          <dt className="font-semibold">Standard</dt>
          <dd>
            WCAG {session.wcagVersion}, level {session.wcagLevel}
          </dd>
          <dt className="font-semibold">Testing approach</dt>
          <dd>{session.approach}</dd>
          <dt className="font-semibold">Description</dt>
          <dd className="whitespace-pre-line">{session.description ?? "—"}</dd>
          <dt className="font-semibold">Auth config</dt>
          <dd>
            {session.authMode === "none"
              ? "None — sign-in turned off; pages are scanned signed out"
              : session.authConfig
                ? session.authConfig.name
                : session.project.defaultAuthConfigId
                  ? "The project's default auth config"
                  : "None — pages are scanned signed out"}
          </dd>
          <dt className="font-semibold">Created</dt>
          <dd>
            <DateTime value={session.createdAt} /> by {session.createdBy.name}
          </dd>
          <dt className="font-semibold">Started</dt>
          <dd>
            <DateTime value={session.startedAt} fallback="Not yet" />
          </dd>
          <dt className="font-semibold">Completed</dt>
          <dd>
            <DateTime value={session.completedAt} fallback="Not yet" />
          </dd>
        </dl>
      </section>

      <section aria-labelledby="scope-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="scope-title" className="mb-3 text-xl font-semibold">
          Scope
        </h2>
        {session.scope.startUrl ? (
          <p className="mb-3 break-all">
            Crawl from <a href={session.scope.startUrl}>{session.scope.startUrl}</a>, at most {session.scope.maxPages} pages, {session.scope.maxDepth} links
            deep.
          </p>
        ) : null}
        {session.scope.urls.length > 0 ? (
          <>
            <p className="mb-2 text-slate-700">
              {session.scope.urls.length} listed URL{session.scope.urls.length === 1 ? "" : "s"}
              {session.scope.urls.length > SCOPE_PREVIEW ? `, the first ${SCOPE_PREVIEW} shown` : ""}:
            </p>
            <ul className="list-disc pl-5">
              {session.scope.urls.slice(0, SCOPE_PREVIEW).map((url) => (
                <li key={url} className="break-all">
                  {url}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="results-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="results-title" className="mb-3 text-xl font-semibold">
          Results
        </h2>
        {progress ? (
          <div className="mb-4 flex flex-col gap-4">
            <ScanProgress sessionId={session.id} initial={progress} />
            <ScanControls
              sessionId={session.id}
              status={session.status}
              canRun={can(user.role, "scans:run") && !projectArchived}
              cancelRequested={session.cancelRequestedAt !== null}
            />
          </div>
        ) : null}
        {manual && canWrite && SESSION_TRANSITIONS[session.status].length > 0 ? (
          <div className="mb-4">
            <p className="mb-2 text-slate-700">A manual session moves through its stages by hand.</p>
            <SessionStatusForm
              action={changeSessionStatusAction.bind(null, session.id)}
              next={SESSION_TRANSITIONS[session.status]}
              expectedUpdatedAt={session.updatedAt.toISOString()}
            />
          </div>
        ) : null}
        <p>
          <Link href={`/sessions/${session.id}/results`}>View results and violations</Link>
        </p>
      </section>

      <section aria-labelledby="audit-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="audit-title" className="mb-3 text-xl font-semibold">
          WCAG audit
        </h2>
        <p className="mb-2">
          {audit.decided} of {audit.total} success criteria decided.
        </p>
        <p>
          <Link href={`/sessions/${session.id}/criteria`}>Record outcomes per criterion</Link>
        </p>
      </section>

      <section aria-labelledby="reports-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="reports-title" className="mb-3 text-xl font-semibold">
          Reports
        </h2>
        <ReportDownloads sessionId={session.id} estimateSeconds={estimatePdfSeconds(progress?.pagesTotal ?? 0)} />
      </section>
      {!manual || runs.total > 0 ? (
        <section aria-labelledby="runs-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
          <h2 id="runs-title" className="mb-3 text-xl font-semibold">
            Runs
          </h2>
          <p className="mb-3 text-slate-700">Every scan is a run of its own; earlier runs keep their results.</p>
          <RunList
            sessionId={session.id}
            runs={runs.items}
            total={runs.total}
            actions={
              canDelete
                ? (run) => {
                    const contents = runContents.get(run.id) ?? { pageResults: 0, findings: 0, screenshots: 0 };
                    return (
                      <ConfirmDialog
                        trigger={
                          <>
                            Delete<span className="sr-only"> run {run.number}</span>
                          </>
                        }
                        title={`Delete run ${run.number} of ${session.name}?`}
                        confirmLabel={`Delete run ${run.number}`}
                        action={deleteRunAction.bind(null, session.id, run.id)}
                      >
                        <p className="mb-2">
                          This removes run {run.number} with its {plural(contents.pageResults, "page")}, {plural(contents.findings, "finding")} and {plural(contents.screenshots, "screenshot")}. It cannot be
                          undone.
                        </p>
                        <p>The session, its other runs and the project&apos;s triage decisions stay. A queued or running run cannot be deleted: cancel it first.</p>
                      </ConfirmDialog>
                    );
                  }
                : undefined
            }
          />
        </section>
      ) : null}

      {canWrite && !projectArchived ? (
        <section aria-labelledby="duplicate-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
          <h2 id="duplicate-title" className="mb-2 text-xl font-semibold">
            Duplicate
          </h2>
          <p className="mb-4 text-slate-700">A new draft session with the same scope and settings.</p>
          <DuplicateSessionForm action={duplicateSessionAction.bind(null, session.id)} defaultName={`${session.name} (copy)`.slice(0, 200)} />
        </section>
      ) : null}

      {sessionContents ? (
        <section aria-labelledby="delete-session-title" className="rounded-lg border border-red-700 bg-white p-6">
          <h2 id="delete-session-title" className="mb-2 text-xl font-semibold text-red-900">
            Delete session
          </h2>
          <p className="mb-4 text-slate-700">Removes the session and every run of it, with their results. Triage decisions belong to the project and stay.</p>
          <ConfirmDialog
            trigger="Delete this session…"
            triggerStyle="button"
            title={`Delete the session ${session.name}?`}
            confirmLabel="Delete session"
            action={deleteSessionAction.bind(null, session.id)}
          >
            <p className="mb-2">
              This removes the session with its {plural(sessionContents.runs, "run")}, {plural(sessionContents.pageResults, "page")}, {plural(sessionContents.findings, "finding")} and{" "}
              {plural(sessionContents.screenshots, "screenshot")}. It cannot be undone.
            </p>
            <p>Triage decisions stay with the project. A session with a queued or running run cannot be deleted: cancel the scan first.</p>
          </ConfirmDialog>
        </section>
      ) : null}
    </>
  );
}
