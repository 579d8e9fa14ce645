import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DateTime } from "@/components/format/date-time";
import { Pagination } from "@/components/navigation/pagination";
import { ArchiveProjectForm, DeleteProjectForm } from "@/components/projects/project-lifecycle-forms";
import { Alert } from "@/components/ui/alert";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import { listAuthConfigNames, listAuthConfigs } from "@/lib/auth-configs/queries";
import { requirePageUser } from "@/lib/auth/page";
import { can } from "@/lib/permissions";
import { getProjectOrNull } from "@/lib/projects/queries";
import { listProjectSessions } from "@/lib/sessions/queries";
import { listSessionsQuerySchema } from "@/lib/sessions/schema";
import { archiveProjectAction, deleteProjectAction } from "../actions";

export const metadata: Metadata = { title: "Project" };

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
  const [sessions, authConfigs] = await Promise.all([
    listProjectSessions(project.id, paging.success ? paging.data : {}),
    isAdmin
      ? listAuthConfigs({ projectId: project.id, pageSize: 100 }).then((page) =>
          page.items.map((config) => ({ id: config.id, name: config.name, detail: `${config.type.replace("_", " ")}, ${config.status}` })),
        )
      : listAuthConfigNames({ projectId: project.id }).then((names) => names.map((config) => ({ ...config, detail: null }))),
  ]);
  const archived = project.status === "archived";
  const canWrite = can(user.role, "projects:write");

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

      <section className="mb-8">
        <h2 id="sessions-title" className="mb-3 text-xl font-semibold">
          Test sessions ({sessions.total})
        </h2>
        {sessions.items.length === 0 ? (
          <p className="rounded-lg border border-slate-300 bg-white p-4 text-slate-700">No sessions yet.</p>
        ) : (
          <>
            <ScrollableTable labelledBy="sessions-title" columns={[{ label: "Session" }, { label: "Status" }, { label: "Approach" }, { label: "Standard" }, { label: "Created" }, { label: "Violations", align: "right" }]}>
              {sessions.items.map((session) => (
                <tr key={session.id} className="border-t border-slate-200">
                  <th scope="row" className="px-3 py-2 font-semibold">
                    <Link href={`/sessions/${session.id}`}>{session.name}</Link>
                  </th>
                  <td className="px-3 py-2">{session.status}</td>
                  <td className="px-3 py-2">{session.approach}</td>
                  <td className="px-3 py-2">
                    WCAG {session.wcagVersion} {session.wcagLevel}
                  </td>
                  <td className="px-3 py-2">
                    <DateTime value={session.createdAt} />
                  </td>
                  <td className="px-3 py-2 text-right">{session.violationCount}</td>
                </tr>
              ))}
            </ScrollableTable>
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
