import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RunPicker } from "@/components/runs/run-picker";
import { ScanProgress } from "@/components/scans/scan-progress";
import { PageHeader } from "@/components/ui/page-header";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import { requirePageUser } from "@/lib/auth/page";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { getResultsSummary, listResultGroups, listViolations, type ResultGroup } from "@/lib/results/queries";
import { GROUPINGS, IMPACTS, TRIAGE_STATUSES, resultFiltersSchema, type ResultFilters } from "@/lib/results/schema";
import { listSessionRuns } from "@/lib/runs/queries";
import { getRunProgress } from "@/lib/scans/progress";
import { getSessionOrNull } from "@/lib/sessions/queries";
import { TriageTable } from "./triage-table";

export const metadata: Metadata = { title: "Scan results" };

type SearchParams = Record<string, string | string[] | undefined>;

const GROUP_LABELS: Record<(typeof GROUPINGS)[number], string> = { issue: "Issue", rule: "Rule", criterion: "WCAG criterion", page: "Page" };
const KIND_LABELS = { violation: "Violations", needs_review: "Needs review", all: "Both" } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toQuery(filters: Partial<ResultFilters> & { detail?: boolean; run?: string }): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === "" || value === false) continue;
    if (key === "page" && value === 1) continue;
    if (key === "pageSize" && value === 50) continue;
    query.set(key, Array.isArray(value) ? value.join(",") : String(value === true ? 1 : value));
  }
  const text = query.toString();
  return text ? `?${text}` : "";
}

function detailFilters(group: ResultGroup, filters: ResultFilters): Partial<ResultFilters> & { detail: boolean } {
  const base = { ...filters, page: 1, detail: true };
  switch (group.groupBy) {
    case "issue":
      return { ...base, rule: group.ruleId ?? undefined, selector: group.selector ?? undefined, kind: (group.kind as ResultFilters["kind"]) ?? filters.kind };
    case "rule":
      return { ...base, rule: group.ruleId ?? undefined, kind: (group.kind as ResultFilters["kind"]) ?? filters.kind };
    case "criterion":
      return { ...base, criterion: group.criterion?.id };
    case "page":
      return { ...base, pageId: group.pageId ?? undefined };
  }
}

export default async function ResultsPage({ params, searchParams }: { params: Promise<{ sessionId: string }>; searchParams: Promise<SearchParams> }) {
  const { sessionId } = await params;
  const user = await requirePageUser("results:read");
  if (!UUID.test(sessionId)) notFound();
  const query = await searchParams;
  const parsed = resultFiltersSchema.safeParse(Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== "")));
  const filters = parsed.success ? parsed.data : resultFiltersSchema.parse({});
  const showDetail = query.detail === "1";

  // The latest run unless ?run= names another run of this session.
  const { items: runs } = await listSessionRuns(sessionId, { pageSize: 200 }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const latest = runs[0];
  const chosen = runs.find((run) => run.id === query.run) ?? latest;
  if (!chosen || !latest) return <NotScanned sessionId={sessionId} />;
  const runId = chosen.id;
  const viewingEarlier = chosen.id !== latest.id;
  // Links keep the chosen run only when it is not the latest, so a bookmark of "results" follows new runs.
  const q = (part: Parameters<typeof toQuery>[0]) => toQuery({ ...part, run: viewingEarlier ? runId : undefined });

  const summary = await getResultsSummary(runId);
  const [list, detail, progress] = await Promise.all([
    listResultGroups(runId, filters),
    showDetail ? listViolations(runId, { ...filters, page: 1, pageSize: 50 }) : Promise.resolve(null),
    summary.run.status === "queued" || summary.run.status === "running" ? getRunProgress(runId) : Promise.resolve(null),
  ]);
  const { session, run } = summary;
  const base = `/sessions/${sessionId}/results`;
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <ol className="flex flex-wrap gap-2">
          <li>
            <Link href={`/projects/${session.projectId}`}>{session.projectName}</Link> <span aria-hidden="true">/</span>
          </li>
          <li>
            <Link href={`/sessions/${sessionId}`}>{session.name}</Link> <span aria-hidden="true">/</span>
          </li>
          <li aria-current="page">Results</li>
        </ol>
      </nav>
      <PageHeader
        title={`Results: ${session.name}`}
        description={`WCAG ${session.wcagVersion} level ${session.wcagLevel} · run ${run.number} ${run.status}${run.completedAt ? ` on ${run.completedAt.slice(0, 16).replace("T", " ")} UTC` : ""}`}
        actions={
          <>
            <a href={`/api/v1/runs/${runId}/export?format=csv`} download className="inline-flex min-h-11 items-center rounded-md border border-slate-400 bg-white px-4 py-2 text-sm font-semibold">
              Export CSV
            </a>
            <a href={`/api/v1/runs/${runId}/export?format=json`} download className="inline-flex min-h-11 items-center rounded-md border border-slate-400 bg-white px-4 py-2 text-sm font-semibold">
              Export JSON
            </a>
            <Link href={`/projects/${session.projectId}/compare?head=${runId}`} className="inline-flex min-h-11 items-center rounded-md border border-slate-400 bg-white px-4 py-2 text-sm font-semibold">
              Compare with another scan
            </Link>
          </>
        }
      />

      <RunPicker action={base} runs={runs} chosenId={runId} />
      {viewingEarlier ? (
        <p className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-3">
          You are looking at run {run.number}, an earlier run of this session. <Link href={base}>Show the latest run (run {latest.number})</Link>
        </p>
      ) : null}

      {progress ? (
        <div className="mb-6">
          <ScanProgress sessionId={sessionId} initial={progress} headingLevel={2} />
        </div>
      ) : null}

      <section aria-labelledby="summary-title" className="mb-8">
        <h2 id="summary-title" className="mb-3 text-xl font-semibold">
          Summary
        </h2>
        <dl className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
          {[
            ["Pages scanned", `${summary.pages.done} of ${summary.pages.total}`],
            ["Pages with errors", String(summary.pages.error)],
            ["Violations", `${summary.violations.total} (${summary.violations.issues} distinct issues)`],
            ["Needs review", String(summary.violations.needsReview)],
          ].map(([term, value]) => (
            <div key={term} className="rounded-lg border border-slate-300 bg-white p-3">
              <dt className="text-sm text-slate-700">{term}</dt>
              <dd className="text-lg font-semibold">{value}</dd>
            </div>
          ))}
        </dl>
        {/* One shrinkable column on narrow screens, so a wide table scrolls inside its region instead of widening the page. */}
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          <ScrollableTable
            labelledBy="impact-caption"
            columns={[{ label: "Impact" }, { label: "Violations" }]}
            caption={
              <caption id="impact-caption" className="px-3 py-2 text-left font-semibold">
                Violations by impact
              </caption>
            }
          >
            {[...IMPACTS].reverse().map((impact) => (
              <tr key={impact} className="border-t border-slate-200">
                <th scope="row" className="px-3 py-2 font-normal">
                  <Link href={`${base}${q({ ...filters, impact: [impact], page: 1 })}`}>{impact}</Link>
                </th>
                <td className="px-3 py-2">{summary.violations.byImpact[impact]}</td>
              </tr>
            ))}
          </ScrollableTable>
          <ScrollableTable
            labelledBy="criteria-caption"
            columns={[{ label: "Criterion" }, { label: "Level" }, { label: "Violations" }, { label: "Pages" }]}
            caption={
              <caption id="criteria-caption" className="px-3 py-2 text-left font-semibold">
                Violations by WCAG success criterion
              </caption>
            }
          >
            {summary.byCriterion.length === 0 ? (
              <tr>
                <td colSpan={4} className="px-3 py-2">
                  No WCAG violations found.
                </td>
              </tr>
            ) : (
              summary.byCriterion.map((criterion) => (
                <tr key={criterion.id} className="border-t border-slate-200">
                  <th scope="row" className="px-3 py-2 font-normal">
                    <Link href={`${base}${q({ ...filters, criterion: criterion.id, page: 1 })}`}>
                      {criterion.id} {criterion.title}
                    </Link>
                  </th>
                  <td className="px-3 py-2">{criterion.level || "obsolete"}</td>
                  <td className="px-3 py-2">{criterion.instances}</td>
                  <td className="px-3 py-2">{criterion.pages}</td>
                </tr>
              ))
            )}
          </ScrollableTable>
          <div className="min-w-0 lg:col-span-2">
            <ScrollableTable
              labelledBy="rules-caption"
              columns={[{ label: "Rule" }, { label: "Impact" }, { label: "Violations" }, { label: "Pages" }]}
              caption={
                <caption id="rules-caption" className="px-3 py-2 text-left font-semibold">
                  Violations by rule
                </caption>
              }
            >
              {summary.byRule.length === 0 ? (
                <tr>
                  <td colSpan={4} className="px-3 py-2">
                    No rule found a violation.
                  </td>
                </tr>
              ) : (
                summary.byRule.map((rule) => (
                  <tr key={rule.ruleId} className="border-t border-slate-200">
                    <th scope="row" className="px-3 py-2 font-normal">
                      <Link href={`${base}${q({ ...filters, groupBy: "rule", rule: rule.ruleId, kind: "violation", page: 1 })}`}>{rule.ruleId}</Link>
                      {rule.help ? <span className="block text-sm text-slate-700">{rule.help}</span> : null}
                    </th>
                    <td className="px-3 py-2">{rule.impact ?? "—"}</td>
                    <td className="px-3 py-2">{rule.instances}</td>
                    <td className="px-3 py-2">{rule.pages}</td>
                  </tr>
                ))
              )}
            </ScrollableTable>
          </div>
        </div>
      </section>

      <section aria-labelledby="findings-title" className="mb-8">
        <h2 id="findings-title" className="mb-3 text-xl font-semibold">
          Findings
        </h2>
        <form method="get" action={base} className="mb-4 rounded-lg border border-slate-300 bg-white p-4">
          {!parsed.success ? (
            <p role="alert" className="mb-3 text-sm text-red-800">
              Some filters were not understood and have been reset.
            </p>
          ) : null}
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <FilterSelect label="Group by" name="groupBy" value={filters.groupBy} options={GROUPINGS.map((value) => [value, GROUP_LABELS[value]])} />
            <FilterSelect label="Kind" name="kind" value={filters.kind} options={Object.entries(KIND_LABELS)} />
            <FilterSelect label="Impact" name="impact" value={filters.impact?.[0] ?? ""} options={[["", "Any impact"], ...[...IMPACTS].reverse().map((value) => [value, value])]} />
            <FilterSelect label="Status" name="status" value={filters.status?.[0] ?? ""} options={[["", "Any status"], ...TRIAGE_STATUSES.map((value) => [value, value.replace("_", " ")])]} />
            <FilterSelect
              label="WCAG criterion"
              name="criterion"
              value={filters.criterion ?? ""}
              options={[["", "Any criterion"], ...summary.byCriterion.map((criterion) => [criterion.id, `${criterion.id} ${criterion.title ?? ""}`])]}
            />
            <div>
              <label htmlFor="filter-url" className="block text-sm font-semibold">
                Page URL contains
              </label>
              <input id="filter-url" name="url" type="text" defaultValue={filters.url ?? ""} className="mt-1 block min-h-11 w-full rounded-md border border-slate-500 bg-white px-3 py-2" />
            </div>
          </div>
          {filters.rule ? <input type="hidden" name="rule" value={filters.rule} /> : null}
          {viewingEarlier ? <input type="hidden" name="run" value={runId} /> : null}
          <div className="mt-4 flex flex-wrap gap-3">
            <button type="submit" className="inline-flex min-h-11 items-center rounded-md border border-blue-700 bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800">
              Apply filters
            </button>
            <Link href={`${base}${q({})}`} className="inline-flex min-h-11 items-center px-2 text-sm">
              Clear filters
            </Link>
          </div>
        </form>

        {list.groups.length === 0 ? (
          <p className="rounded-lg border border-slate-300 bg-white p-4">No findings match these filters.</p>
        ) : (
          <TriageTable
            sessionId={sessionId}
            groups={list.groups}
            caption={`${list.total} ${GROUP_LABELS[filters.groupBy].toLowerCase()} group${list.total === 1 ? "" : "s"}, page ${filters.page} of ${pages}`}
            detailHrefs={list.groups.map((group) => `${base}${q(detailFilters(group, filters))}#details`)}
            canTriage={can(user.role, "results:triage")}
          />
        )}
        {pages > 1 ? (
          <nav aria-label="Findings pages" className="mt-3 flex gap-4 text-sm">
            {filters.page > 1 ? <Link href={`${base}${q({ ...filters, page: filters.page - 1 })}`}>Previous page</Link> : null}
            {filters.page < pages ? <Link href={`${base}${q({ ...filters, page: filters.page + 1 })}`}>Next page</Link> : null}
          </nav>
        ) : null}
      </section>

      {detail ? (
        <section id="details" aria-labelledby="details-title" className="mb-8">
          <h2 id="details-title" className="mb-3 text-xl font-semibold">
            Details: {detail.total} finding{detail.total === 1 ? "" : "s"}
            {detail.total > detail.violations.length ? ` (first ${detail.violations.length} shown)` : ""}
          </h2>
          <ul className="flex flex-col gap-4">
            {detail.violations.map((violation) => (
              <li key={violation.id} className="rounded-lg border border-slate-300 bg-white p-4">
                <h3 className="text-lg font-semibold break-words">
                  {violation.ruleId} on {violation.pageTitle || violation.url}
                </h3>
                <dl className="mt-2 grid gap-2 text-sm">
                  <div>
                    <dt className="font-semibold">Page</dt>
                    <dd className="break-all">
                      <a href={violation.url} rel="noreferrer noopener" target="_blank">
                        {violation.url}
                        <span className="sr-only"> (opens in a new tab)</span>
                      </a>
                    </dd>
                  </div>
                  <div>
                    <dt className="font-semibold">Impact and WCAG</dt>
                    <dd>
                      {violation.impact ?? "unknown"} · {violation.wcagCriteria.join(", ") || "best practice"} · {violation.kind === "needs_review" ? "needs review" : "violation"} · status{" "}
                      {violation.status.replace("_", " ")}
                      {violation.statusReason ? ` (${violation.statusReason})` : ""}
                    </dd>
                  </div>
                  <div>
                    <dt className="font-semibold">Selector</dt>
                    <dd>
                      <code className="break-all">{violation.selector}</code>
                    </dd>
                  </div>
                  <div>
                    <dt className="font-semibold">HTML</dt>
                    <dd>
                      <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs whitespace-pre-wrap break-all">
                        <code>{violation.html}</code>
                      </pre>
                    </dd>
                  </div>
                  {violation.summary ? (
                    <div>
                      <dt className="font-semibold">What to fix</dt>
                      <dd className="whitespace-pre-line">{violation.summary}</dd>
                    </div>
                  ) : null}
                  {violation.helpUrl ? (
                    <div>
                      <dt className="font-semibold">Guidance</dt>
                      <dd>
                        <a href={violation.helpUrl} rel="noreferrer noopener" target="_blank">
                          {violation.help ?? violation.ruleId}
                          <span className="sr-only"> (rule documentation, opens in a new tab)</span>
                        </a>
                      </dd>
                    </div>
                  ) : null}
                </dl>
                {violation.screenshotId ? (
                  // eslint-disable-next-line @next/next/no-img-element -- bytes come from our own API, sizes vary per element
                  <img
                    src={`/api/v1/screenshots/${violation.screenshotId}`}
                    alt={`Screenshot of the element ${violation.selector} on ${violation.pageTitle || violation.url}`}
                    className="mt-3 max-w-full rounded border border-slate-300"
                    loading="lazy"
                  />
                ) : null}
                {violation.pageScreenshotId ? (
                  <p className="mt-2 text-sm">
                    <a href={`/api/v1/screenshots/${violation.pageScreenshotId}`} target="_blank" rel="noreferrer noopener">
                      Full-page screenshot<span className="sr-only"> of {violation.pageTitle || violation.url} (opens in a new tab)</span>
                    </a>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

async function NotScanned({ sessionId }: { sessionId: string }) {
  const session = await getSessionOrNull(sessionId);
  if (!session) notFound();
  return (
    <>
      <PageHeader title={`Results: ${session.name}`} description={`Session in ${session.project.name}`} />
      <p className="rounded-lg border border-slate-300 bg-white p-4">
        This session has not been scanned yet. <Link href={`/sessions/${sessionId}`}>Go to the session</Link> to start a scan.
      </p>
    </>
  );
}

function FilterSelect({ label, name, value, options }: { label: string; name: string; value: string; options: ReadonlyArray<readonly [string, string]> | string[][] }) {
  const id = `filter-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} className="mt-1 block min-h-11 w-full rounded-md border border-slate-500 bg-white px-3 py-2">
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </div>
  );
}
