import type { Metadata } from "next";
import Link from "next/link";
import { DateTime } from "@/components/format/date-time";
import { Pagination } from "@/components/navigation/pagination";
import { Alert } from "@/components/ui/alert";
import { Button, LinkButton } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import { requirePageUser } from "@/lib/auth/page";
import { can } from "@/lib/permissions";
import { listProjects } from "@/lib/projects/queries";
import { listProjectsQuerySchema } from "@/lib/projects/schema";

export const metadata: Metadata = { title: "Projects" };

const STATUS_OPTIONS = [
  { value: "", label: "Active and paused" },
  { value: "active", label: "Active" },
  { value: "paused", label: "Paused" },
  { value: "archived", label: "Archived" },
  { value: "all", label: "All, including archived" },
];
const SORT_OPTIONS = [
  { value: "activity", label: "Latest activity" },
  { value: "name", label: "Name" },
];

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function ProjectsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser("projects:read");
  const raw = await searchParams;
  const input = { q: first(raw.q), status: first(raw.status), sort: first(raw.sort), page: first(raw.page) };
  const parsed = listProjectsQuerySchema.safeParse(input);
  const query = parsed.success ? parsed.data : listProjectsQuerySchema.parse({});
  const result = await listProjects(query);
  const filtered = Boolean(query.q || query.status);

  return (
    <>
      <PageHeader
        title="Projects"
        description={`${result.total} project${result.total === 1 ? "" : "s"}${filtered ? " match" + (result.total === 1 ? "es" : "") : ""}`}
        actions={can(user.role, "projects:write") ? <LinkButton href="/projects/new" variant="primary">New project</LinkButton> : null}
      />
      {first(raw.deleted) ? (
        <Alert tone="success" role="status">
          The project was deleted permanently.
        </Alert>
      ) : null}
      {parsed.success ? null : <Alert tone="warning" title="Some filters were not understood and were ignored." />}
      <form role="search" aria-label="Filter projects" method="get" className="mb-6 grid gap-x-4 rounded-lg border border-slate-300 bg-white p-4 sm:grid-cols-4">
        <div className="sm:col-span-2">
          <TextField label="Search" name="q" type="search" defaultValue={query.q ?? ""} hint="Name, client or URL" />
        </div>
        <SelectField label="Status" name="status" options={STATUS_OPTIONS} defaultValue={query.status ?? ""} />
        <SelectField label="Sort by" name="sort" options={SORT_OPTIONS} defaultValue={query.sort} />
        <div className="flex flex-wrap gap-2 sm:col-span-4">
          <Button type="submit" variant="secondary">
            Apply filters
          </Button>
          {filtered ? <LinkButton href="/projects">Clear filters</LinkButton> : null}
        </div>
      </form>

      {result.items.length === 0 ? (
        <p className="rounded-lg border border-slate-300 bg-white p-6 text-slate-700">
          {filtered ? "No project matches these filters." : "No projects yet."}
        </p>
      ) : (
        <section>
          <h2 id="projects-table-title" className="sr-only">
            Project list
          </h2>
          <ScrollableTable labelledBy="projects-table-title" columns={[{ label: "Project" }, { label: "Client" }, { label: "Primary URL" }, { label: "Status" }, { label: "Sessions", align: "right" }, { label: "Latest session" }, { label: "Violations in latest", align: "right" }]}>
            {result.items.map((project) => (
              <tr key={project.id} className="border-t border-slate-200 align-top">
                <th scope="row" className="px-3 py-2 font-semibold">
                  <Link href={`/projects/${project.id}`}>{project.name}</Link>
                </th>
                <td className="px-3 py-2">{project.clientName ?? "—"}</td>
                <td className="px-3 py-2 break-all">{project.primaryUrl}</td>
                <td className="px-3 py-2">{project.status}</td>
                <td className="px-3 py-2 text-right">{project.sessionCount}</td>
                <td className="px-3 py-2">
                  {project.latestSession ? (
                    <>
                      <Link href={`/sessions/${project.latestSession.id}`}>{project.latestSession.name}</Link>
                      <br />
                      <span className="text-slate-700">
                        {project.latestSession.status}, <DateTime value={project.latestSession.completedAt ?? project.latestSession.createdAt} />
                      </span>
                    </>
                  ) : (
                    "None yet"
                  )}
                </td>
                <td className="px-3 py-2 text-right">{project.latestSession ? project.latestSession.violationCount : "—"}</td>
              </tr>
            ))}
          </ScrollableTable>
          <Pagination
            page={result.page}
            pageSize={result.pageSize}
            total={result.total}
            basePath="/projects"
            query={{ q: query.q, status: query.status, sort: query.sort }}
            label="Project list pages"
          />
        </section>
      )}
    </>
  );
}
