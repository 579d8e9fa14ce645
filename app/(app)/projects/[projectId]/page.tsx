import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DateTime } from "@/components/format/date-time";
import { Pagination } from "@/components/navigation/pagination";
import { ArchiveProjectForm, DeleteProjectForm } from "@/components/projects/project-lifecycle-forms";
import { CompareForm } from "@/components/results/compare-form";
import { IMPACT_STYLES, IMPACTS_WORST_FIRST } from "@/components/results/impact-styles";
import { ScoreBadge } from "@/components/results/score-badge";
import { Alert } from "@/components/ui/alert";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { listAuthConfigNames, listAuthConfigs } from "@/lib/auth-configs/queries";
import { requirePageUser } from "@/lib/auth/page";
import { can } from "@/lib/permissions";
import { getProjectOrNull } from "@/lib/projects/queries";
import { getResultsOverview, listSessionScores } from "@/lib/results/overview";
import { listProjectRuns } from "@/lib/runs/queries";
import { listProjectSessions } from "@/lib/sessions/queries";
import { ProjectTrends } from "@/components/trends/project-trends";
import { getProjectTrends } from "@/lib/trends/queries";
import { NotificationSection } from "@/components/notifications/notification-section";
import { ScheduleSection } from "@/components/schedules/schedule-section";
import { listProjectNotifications } from "@/lib/notifications/queries";
import { listProjectSchedules } from "@/lib/schedules/queries";
import { RetentionForm } from "@/components/retention/retention-form";
import { getProjectRetention } from "@/lib/retention/queries";
import { describeRetention } from "@/lib/retention/schema";
import { updateProjectRetentionAction } from "./retention-actions";
import { listSessionsQuerySchema } from "@/lib/sessions/schema";
import { archiveProjectAction, deleteProjectAction } from "../actions";
import {
  createEmailAlertAction,
  createScheduleAction,
  createWebhookAction,
  deleteEmailAlertAction,
  deleteScheduleAction,
  deleteWebhookAction,
  toggleScheduleAction,
} from "./monitoring-actions";

/** Names the record, so a browser tab or history entry says which one; "Not found" when there is none. */
export async function generateMetadata({ params }: { params: Promise<{ projectId: string }> }): Promise<Metadata> {
  const project = await getProjectOrNull((await params).projectId);
  return { title: project ? project.name : "Not found" };
}

export default async function ProjectPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("projects:read");
  const { projectId } = await params;
  const project = await getProjectOrNull(projectId);
  if (!project) notFound();
  const pageParam = (await searchParams).page;
  const paging = listSessionsQuerySchema.safeParse({ page: Array.isArray(pageParam) ? pageParam[0] : pageParam });
  const isAdmin = can(user.role, "auth-configs:manage");
  const [sessions, authConfigs, comparable] = await Promise.all([
    listProjectSessions(project.id, paging.success ? paging.data : {}),
    isAdmin
      ? listAuthConfigs({ projectId: project.id, pageSize: 100 }).then((page) =>
          page.items.map((config) => ({ id: config.id, name: config.name, detail: `${config.type.replace("_", " ")}, ${config.status}` })),
        )
      : listAuthConfigNames({ projectId: project.id }).then((names) => names.map((config) => ({ ...config, detail: null }))),
    listProjectRuns(project.id),
  ]);
  const latest = comparable[0] ? await getResultsOverview(comparable[0].id) : null;
  const scores = await listSessionScores(sessions.items.map((session) => session.id));
  const scanLabel = (run: (typeof comparable)[number]) => `${run.sessionName}, run ${run.number} (${run.status}${run.completedAt ? `, ${run.completedAt.toISOString().slice(0, 10)}` : ""})`;
  const archived = project.status === "archived";
  const canWrite = can(user.role, "projects:write");
  const canNotify = can(user.role, "notifications:manage");
  const [trends, schedules, notifications, retention] = await Promise.all([
    getProjectTrends(project.id),
    listProjectSchedules(project.id),
    canNotify ? listProjectNotifications(project.id) : null,
    getProjectRetention(project.id),
  ]);

  return (
    <>
      <PageHeader
        title={project.name}
        description={project.clientName ? `Client: ${project.clientName}` : undefined}
        actions={
          canWrite ? (
            <>
              <LinkButton href={`/projects/${project.id}/edit`}>Edit project</LinkButton>
              {archived ? null : (
                <LinkButton href={`/projects/${project.id}/sessions/new`} variant="primary">
                  New session
                </LinkButton>
              )}
            </>
          ) : null
        }
      />
      {archived ? (
        <Alert tone="warning" title="This project is archived.">
          It is hidden from the project list and takes no new sessions. Everything it holds is kept.
        </Alert>
      ) : null}

      <section aria-labelledby="project-details-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="project-details-title" className="mb-4 text-xl font-semibold">
          Details
        </h2>
        <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
          <dt className="font-semibold">Primary URL</dt>
          <dd className="break-all">
            <a href={project.primaryUrl} rel="noreferrer">
              {project.primaryUrl}
            </a>
          </dd>
          <dt className="font-semibold">Status</dt>
          <dd>{project.status}</dd>
          <dt className="font-semibold">Description</dt>
          <dd className="whitespace-pre-line">{project.description ?? "—"}</dd>
          <dt className="font-semibold">Created</dt>
          <dd>
            <DateTime value={project.createdAt} /> by {project.createdBy.name}
          </dd>
          <dt className="font-semibold">Latest activity</dt>
          <dd>
            <DateTime value={project.lastActivityAt} />
          </dd>
          {project.archivedAt ? (
            <>
              <dt className="font-semibold">Archived</dt>
              <dd>
                <DateTime value={project.archivedAt} />
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="latest-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="latest-title" className="mb-1 text-xl font-semibold">
          Latest scan
        </h2>
        {latest && comparable[0] ? (
          <>
            <p className="mb-3 text-slate-700">
              <Link href={`/sessions/${latest.session.id}/results?run=${latest.run.id}`}>
                {latest.session.name}, run {latest.run.number}
              </Link>
              {comparable[0].completedAt ? (
                <>
                  , finished <DateTime value={comparable[0].completedAt} />
                </>
              ) : null}
              . {latest.verdict.text}
            </p>
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
              <div className="col-span-2 rounded-lg border border-slate-300 p-3 sm:col-span-1">
                <dt className="text-sm text-slate-700">Score</dt>
                <dd className="mt-1">
                  <ScoreBadge score={latest.score} size="large" />
                </dd>
              </div>
              {IMPACTS_WORST_FIRST.map((impact) => (
                <div key={impact} className={`rounded-lg border border-l-8 border-slate-300 p-3 ${IMPACT_STYLES[impact].tile}`}>
                  <dt className="text-sm text-slate-700">{IMPACT_STYLES[impact].label} (open)</dt>
                  <dd className="text-2xl font-bold tabular-nums">{latest.findings.byImpact[impact]}</dd>
                </div>
              ))}
              <div className="rounded-lg border border-slate-300 p-3">
                <dt className="text-sm text-slate-700">Pages</dt>
                <dd className="font-semibold tabular-nums">
                  {latest.pages.done} scanned
                  {latest.pages.error > 0 ? <span className="block text-red-900">{latest.pages.error} with errors</span> : null}
                </dd>
              </div>
            </dl>
          </>
        ) : (
          <p className="text-slate-700">No scan of this project has finished yet.</p>
        )}
      </section>

      <section aria-labelledby="sessions-title" className="mb-8">
        <h2 id="sessions-title" className="mb-3 text-xl font-semibold">
          History: test sessions ({sessions.total})
        </h2>
        {sessions.items.length === 0 ? (
          <p className="rounded-lg border border-slate-300 bg-white p-4 text-slate-700">No sessions yet.</p>
        ) : (
          <>
            {/* Cards, not a wide table: readable at 320 px without scrolling sideways. */}
            <ol className="flex flex-col gap-2">
              {sessions.items.map((session) => {
                const score = scores.get(session.id);
                return (
                  <li key={session.id} className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-lg border border-slate-300 bg-white p-3">
                    <div className="min-w-0 flex-1 basis-56">
                      <h3 className="font-semibold break-words">
                        <Link href={`/sessions/${session.id}`}>{session.name}</Link>
                      </h3>
                      <p className="text-sm text-slate-700">
                        {session.status} · {session.approach} · WCAG {session.wcagVersion} {session.wcagLevel} · created <DateTime value={session.createdAt} />
                      </p>
                    </div>
                    <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
                      <div>
                        <dt className="text-slate-700">Score</dt>
                        <dd>
                          <ScoreBadge score={score?.score ?? null} />
                        </dd>
                      </div>
                      <div>
                        <dt className="text-slate-700">Open violations</dt>
                        <dd className="font-semibold tabular-nums">
                          {score?.open ?? 0}
                          {score && score.open > 0 ? (
                            <span className="font-normal">
                              {" "}
                              ({IMPACTS_WORST_FIRST.filter((impact) => score.openByImpact[impact] > 0)
                                .map((impact) => `${score.openByImpact[impact]} ${impact}`)
                                .join(", ")})
                            </span>
                          ) : null}
                        </dd>
                      </div>
                      <div>
                        <dt className="text-slate-700">All violations</dt>
                        <dd className="tabular-nums">{session.violationCount}</dd>
                      </div>
                    </dl>
                    {session.approach === "automated" ? (
                      <p className="text-sm">
                        <Link href={`/sessions/${session.id}/results`}>
                          Results<span className="sr-only"> of {session.name}</span>
                        </Link>
                      </p>
                    ) : null}
                  </li>
                );
              })}
            </ol>
            <Pagination
              page={sessions.page}
              pageSize={sessions.pageSize}
              total={sessions.total}
              basePath={`/projects/${project.id}`}
              query={{}}
              label="Session list pages"
            />
          </>
        )}
      </section>

      <section aria-labelledby="compare-title" className="mb-8">
        <h2 id="compare-title" className="mb-3 text-xl font-semibold">
          Compare two scans
        </h2>
        {comparable.length < 2 ? (
          <p className="rounded-lg border border-slate-300 bg-white p-4 text-slate-700">Two finished scans are needed to compare; this project has {comparable.length}.</p>
        ) : (
          <CompareForm action={`/projects/${project.id}/compare`} scans={comparable.map((run) => ({ id: run.id, label: scanLabel(run) }))} base={comparable[1]?.id} head={comparable[0]?.id} />
        )}
      </section>

      <section aria-labelledby="trends-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="trends-title" className="mb-3 text-xl font-semibold">
          Trend
        </h2>
        <ProjectTrends trends={trends} />
      </section>

      <ScheduleSection
        schedules={schedules}
        actions={{
          create: createScheduleAction.bind(null, project.id),
          toggle: toggleScheduleAction.bind(null, project.id),
          remove: deleteScheduleAction.bind(null, project.id),
        }}
        sessions={sessions.items.filter((session) => session.approach !== "manual").map((session) => ({ id: session.id, name: session.name }))}
        canWrite={canWrite && !archived}
      />

      {notifications ? (
        <NotificationSection
          {...notifications}
          canWrite={!archived}
          actions={{
            createWebhook: createWebhookAction.bind(null, project.id),
            createEmailAlert: createEmailAlertAction.bind(null, project.id),
            removeWebhook: deleteWebhookAction.bind(null, project.id),
            removeEmailAlert: deleteEmailAlertAction.bind(null, project.id),
          }}
        />
      ) : null}

      <section aria-labelledby="retention-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="retention-title" className="mb-2 text-xl font-semibold">
          Retention
        </h2>
        <p className="mb-4 text-slate-700">
          {describeRetention(retention.effective)} The worker removes older runs with their pages, findings and screenshots; triage decisions always stay.
        </p>
        {can(user.role, "retention:manage") ? (
          <RetentionForm action={updateProjectRetentionAction.bind(null, project.id)} settings={retention} fallback={retention.instance} submitLabel="Save retention" />
        ) : null}
      </section>

      <section aria-labelledby="auth-configs-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="auth-configs-title" className="mb-3 text-xl font-semibold">
          Auth configs
        </h2>
        {authConfigs.length === 0 ? (
          <p className="text-slate-700">No credentials are filed under this project.</p>
        ) : (
          <ul className="list-disc pl-5">
            {authConfigs.map((config) => (
              <li key={config.id}>
                {isAdmin ? <Link href={`/admin/auth-configs/${config.id}`}>{config.name}</Link> : config.name}
                {config.detail ? <span className="text-slate-700"> ({config.detail})</span> : null}
              </li>
            ))}
          </ul>
        )}
        {isAdmin ? (
          <p className="mt-3 text-sm">
            <Link href={`/admin/auth-configs/new?projectId=${project.id}`}>Add credentials for this project</Link>
          </p>
        ) : null}
      </section>

      {canWrite ? (
        <section aria-labelledby="archive-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
          <h2 id="archive-title" className="mb-2 text-xl font-semibold">
            {archived ? "Unarchive" : "Archive"}
          </h2>
          <p className="mb-4 text-slate-700">
            {archived
              ? "Unarchiving returns the project to the project list, provided no other project uses its name."
              : "Archiving hides the project from the project list. Its sessions and results are kept, and you can unarchive it at any time."}
          </p>
          <ArchiveProjectForm action={archiveProjectAction.bind(null, project.id)} archived={archived} />
        </section>
      ) : null}

      {archived && can(user.role, "projects:delete") ? (
        <section aria-labelledby="delete-title" className="rounded-lg border border-red-700 bg-white p-6">
          <h2 id="delete-title" className="mb-2 text-xl font-semibold text-red-900">
            Delete permanently
          </h2>
          <DeleteProjectForm action={deleteProjectAction.bind(null, project.id)} projectName={project.name} />
        </section>
      ) : null}
    </>
  );
}
