import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { HorizontalBarChart } from "@/components/charts/horizontal-bar-chart";
import { IMPACT_STYLES, IMPACTS_WORST_FIRST } from "@/components/results/impact-styles";
import { ScoreBadge } from "@/components/results/score-badge";
import { RunPicker } from "@/components/runs/run-picker";
import { ScanProgress } from "@/components/scans/scan-progress";
import { PageHeader } from "@/components/ui/page-header";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import { requirePageUser } from "@/lib/auth/page";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { listEvidence } from "@/lib/results/evidence";
import { getResultsOverview, type Verdict } from "@/lib/results/overview";
import { listResultGroups, type ResultGroup } from "@/lib/results/queries";
import { GROUPINGS, IMPACTS, TRIAGE_STATUSES, UNRESOLVED_STATUSES, resultFiltersSchema, type ResultFilters } from "@/lib/results/schema";
import { listSessionRuns } from "@/lib/runs/queries";
import { getRunProgress } from "@/lib/scans/progress";
import { getSessionOrNull } from "@/lib/sessions/queries";
import { EvidenceCard } from "./evidence-card";
import { FindingList } from "./finding-list";
import { isUuid } from "@/lib/uuid";

type SearchParams = Record<string, string | string[] | undefined>;

const GROUP_LABELS: Record<(typeof GROUPINGS)[number], string> = { issue: "Issue", rule: "Rule", criterion: "WCAG criterion", page: "Page" };
const KIND_LABELS = { violation: "Violations", needs_review: "Needs review", all: "Both" } as const;
const EVIDENCE_CARDS = 20;
const PRINCIPLE_FILL = "#1e40af";
const VERDICT_CLASSES: Record<Verdict["tone"], string> = {
  progress: "border-blue-700 bg-blue-50 text-blue-950",
  empty: "border-slate-600 bg-white text-slate-900",
  clean: "border-green-700 bg-green-50 text-green-950",
  findings: "border-red-800 bg-white text-slate-900",
  failed: "border-red-800 bg-red-50 text-red-950",
};

/** Which group's evidence is open beside the list, kept apart from the list's own filters. */
const OPEN_KEYS = { showRule: "rule", showSelector: "selector", showKind: "kind", showCriterion: "criterion", showPage: "pageId" } as const;
type OpenGroup = Partial<Record<keyof typeof OPEN_KEYS, string>>;

const sameStatuses = (a: readonly string[] | undefined, b: readonly string[]) => a !== undefined && a.length === b.length && a.every((status) => b.includes(status));

/** The status filter's query value: absent means unresolved (the default), "any" every status. */
function statusValue(statuses: ResultFilters["status"]): string | undefined {
  if (statuses === undefined) return "any";
  return sameStatuses(statuses, UNRESOLVED_STATUSES) ? undefined : statuses.join(",");
}

function queryOf(filters: ResultFilters, open: OpenGroup = {}, run?: string): string {
  const query = new URLSearchParams();
  if (run) query.set("run", run);
  const { status, ...rest } = filters;
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined || value === "") continue;
    if (key === "page" && value === 1) continue;
    if (key === "pageSize" && value === 50) continue;
    if (key === "groupBy" && value === "issue") continue;
    if (key === "kind" && value === "violation") continue;
    query.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  const statusText = statusValue(status);
  if (statusText) query.set("status", statusText);
  for (const [key, value] of Object.entries(open)) if (value !== undefined) query.set(key, value);
  const text = query.toString();
  return text ? `?${text}` : "";
}

function openGroupOf(group: ResultGroup): OpenGroup {
  switch (group.groupBy) {
    case "issue":
      return { showRule: group.ruleId ?? undefined, showSelector: group.selector ?? undefined, showKind: group.kind ?? undefined };
    case "rule":
      return { showRule: group.ruleId ?? undefined, showKind: group.kind ?? undefined };
    case "criterion":
      return { showCriterion: group.criterion?.id };
    case "page":
      return { showPage: group.pageId ?? undefined };
  }
}

const sameOpen = (a: OpenGroup, b: OpenGroup) => (Object.keys(OPEN_KEYS) as Array<keyof OpenGroup>).every((key) => (a[key] ?? undefined) === (b[key] ?? undefined));

export async function generateMetadata({ params }: { params: Promise<{ sessionId: string }> }): Promise<Metadata> {
  const { sessionId } = await params;
  const session = await getSessionOrNull(sessionId);
  return { title: session ? `Results: ${session.name} · ${session.project.name}` : "Not found" };
}

export default async function ResultsPage({ params, searchParams }: { params: Promise<{ sessionId: string }>; searchParams: Promise<SearchParams> }) {
  const { sessionId } = await params;
  const user = await requirePageUser("results:read");
  if (!isUuid(sessionId)) notFound();
  const query = await searchParams;
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

  const { status: statusParam, detail: _detail, run: _run, ...rest } = Object.fromEntries(Object.entries(query).map(([key, value]) => [key, single(value)]).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = resultFiltersSchema.safeParse(Object.fromEntries(Object.entries(rest).filter(([key]) => !(key in OPEN_KEYS))));
  const statusParsed = statusParam === undefined || statusParam === "any" ? null : resultFiltersSchema.shape.status.safeParse(statusParam);
  const understood = parsed.success && (statusParsed === null || statusParsed.success);
  const filters: ResultFilters = {
    ...(parsed.success ? parsed.data : resultFiltersSchema.parse({})),
    status: statusParam === "any" ? undefined : statusParsed?.success && statusParsed.data?.length ? statusParsed.data : [...UNRESOLVED_STATUSES],
  };
  const open: OpenGroup = Object.fromEntries((Object.keys(OPEN_KEYS) as Array<keyof OpenGroup>).map((key) => [key, single(query[key])]).filter(([, value]) => value !== undefined));
  const openFilters = resultFiltersSchema.safeParse({
    ...Object.fromEntries(Object.entries(open).map(([key, value]) => [OPEN_KEYS[key as keyof OpenGroup], value])),
    kind: open.showKind ?? filters.kind,
  });
  const showDetail = Object.keys(open).length > 0 && openFilters.success;

  // The latest run unless ?run= names another run of this session.
  const { items: runs } = await listSessionRuns(sessionId, { pageSize: 200 }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const latest = runs[0];
  const chosen = runs.find((run) => run.id === single(query.run)) ?? latest;
  if (!chosen || !latest) return <NotScanned sessionId={sessionId} />;
  const runId = chosen.id;
  const viewingEarlier = chosen.id !== latest.id;
  // Links keep the chosen run only when it is not the latest, so a bookmark of "results" follows new runs.
  const toQuery = (filters: ResultFilters, open: OpenGroup = {}) => queryOf(filters, open, viewingEarlier ? runId : undefined);

  const overview = await getResultsOverview(runId, filters.status ?? TRIAGE_STATUSES);
  const [list, detail, progress] = await Promise.all([
    listResultGroups(runId, filters),
    showDetail && openFilters.success
      ? listEvidence(runId, { ...filters, ...Object.fromEntries(Object.entries(openFilters.data).filter(([key]) => Object.values(OPEN_KEYS).includes(key as never))), page: 1, pageSize: EVIDENCE_CARDS })
      : Promise.resolve(null),
    overview.run.status === "queued" || overview.run.status === "running" ? getRunProgress(runId) : Promise.resolve(null),
  ]);
  const { session, run, findings } = overview;
  const base = `/sessions/${sessionId}/results`;
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const link = (changes: Partial<ResultFilters>, openGroup: OpenGroup = {}) => `${base}${toQuery({ ...filters, page: 1, ...changes }, openGroup)}`;
  const detailHrefs = list.groups.map((group) => `${base}${toQuery(filters, openGroupOf(group))}#details`);
  const selectedIndex = showDetail ? list.groups.findIndex((group) => sameOpen(openGroupOf(group), open)) : -1;
  const countedAs = filters.status === undefined ? "findings in every triage status" : sameStatuses(filters.status, UNRESOLVED_STATUSES) ? "open findings (open or confirmed)" : `findings marked ${filters.status.map((status) => status.replace("_", " ")).join(" or ")}`;
  const pageFindings = (pageId: string) => link({ groupBy: "page" }, { showPage: pageId }) + "#details";

  return (
    <>
      <a href="#findings-list" className="sr-only rounded bg-white px-3 py-2 focus:not-sr-only focus:mb-3 focus:inline-block">
        Skip to findings
      </a>
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
        description={`${session.projectName} · WCAG ${session.wcagVersion} level ${session.wcagLevel} · run ${run.number} ${run.status}${run.completedAt ? ` on ${run.completedAt.slice(0, 16).replace("T", " ")} UTC` : ""}`}
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

      <p data-testid="verdict" className={`mb-6 rounded-md border-l-4 p-4 text-lg font-semibold ${VERDICT_CLASSES[overview.verdict.tone]}`}>
        {overview.verdict.text}
      </p>

      <section aria-labelledby="summary-title" className="mb-8">
        <h2 id="summary-title" className="text-xl font-semibold">
          Summary
        </h2>
        <p className="mb-3 text-sm text-slate-700">Counting {countedAs}; the status filter under Findings changes what is counted.</p>
        <dl className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
          <div className="col-span-2 rounded-lg border border-slate-300 bg-white p-3 sm:col-span-1">
            <dt className="text-sm text-slate-700">Score</dt>
            <dd className="mt-1">
              <ScoreBadge score={overview.score} size="large" />
              {overview.pagesWithoutBlockers !== null ? <span className="mt-1 block text-xs text-slate-700">{overview.pagesWithoutBlockers}% of pages without critical or serious issues</span> : null}
            </dd>
          </div>
          {IMPACTS_WORST_FIRST.map((impact) => (
            <div key={impact} className={`rounded-lg border border-l-8 border-slate-300 bg-white p-3 ${IMPACT_STYLES[impact].tile}`}>
              <dt className="text-sm text-slate-700">{IMPACT_STYLES[impact].label}</dt>
              <dd className="text-2xl font-bold tabular-nums">
                <Link href={`${link({ impact: [impact] })}#findings-list`} className="text-slate-900">
                  {findings.byImpact[impact]}
                  <span className="sr-only"> {impact} findings: show them</span>
                </Link>
              </dd>
            </div>
          ))}
          <div className="rounded-lg border border-slate-300 bg-white p-3">
            <dt className="text-sm text-slate-700">Open</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid="open-count">
              {findings.open}
            </dd>
          </div>
          <div className="rounded-lg border border-slate-300 bg-white p-3">
            <dt className="text-sm text-slate-700">Triaged</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid="triaged-count">
              {findings.triaged}
              <span className="block text-xs font-normal">
                {findings.byStatus.false_positive} false positive, {findings.byStatus.wont_fix} won&apos;t fix, {findings.byStatus.fixed} fixed
              </span>
            </dd>
          </div>
          <div className="rounded-lg border border-slate-300 bg-white p-3">
            <dt className="text-sm text-slate-700">Needs review</dt>
            <dd className="text-lg font-semibold tabular-nums">{findings.needsReview}</dd>
          </div>
          <div className="rounded-lg border border-slate-300 bg-white p-3">
            <dt className="text-sm text-slate-700">Pages scanned</dt>
            <dd className="text-lg font-semibold tabular-nums">
              {overview.pages.done} of {overview.pages.total}
              {overview.pages.signedIn > 0 ? <span className="mt-1 block text-xs font-normal text-slate-700">{overview.pages.signedIn} scanned signed in</span> : null}
            </dd>
          </div>
          <div className={`rounded-lg border bg-white p-3 ${overview.pages.error > 0 ? "border-red-800" : "border-slate-300"}`}>
            <dt className="text-sm text-slate-700">Pages with errors</dt>
            <dd className="text-lg font-semibold tabular-nums">
              <a href="#pages-with-errors">
                {overview.pages.error}
                <span className="sr-only"> pages with errors: show them</span>
              </a>
            </dd>
          </div>
        </dl>

        <div className="mb-4 grid grid-cols-1 gap-4 lg:grid-cols-2">
          <HorizontalBarChart
            id="chart-impact"
            title="Findings by impact"
            categoryLabel="Impact"
            valueLabel="Findings"
            data={IMPACTS_WORST_FIRST.map((impact) => ({ label: IMPACT_STYLES[impact].label, value: findings.byImpact[impact], color: IMPACT_STYLES[impact].fill, href: `${link({ impact: [impact] })}#findings-list` }))}
          />
          <HorizontalBarChart
            id="chart-principle"
            title="Findings by WCAG principle"
            categoryLabel="Principle"
            valueLabel="Findings"
            data={overview.byPrinciple.map((principle) => ({ label: principle.name, value: principle.instances, color: PRINCIPLE_FILL }))}
          />
        </div>

        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          <ScrollableTable
            labelledBy="criteria-caption"
            columns={[{ label: "Criterion" }, { label: "Level" }, { label: "Findings" }, { label: "Pages" }]}
            caption={
              <caption id="criteria-caption" className="px-3 py-2 text-left font-semibold">
                Findings by WCAG success criterion
              </caption>
            }
          >
            {overview.byCriterion.length === 0 ? (
              <tr>
                <td colSpan={4} className="px-3 py-2">
                  {overview.verdict.tone === "clean" || overview.verdict.tone === "findings" ? "No finding counted here maps to a WCAG criterion." : overview.verdict.text}
                </td>
              </tr>
            ) : (
              overview.byCriterion.map((criterion) => (
                <tr key={criterion.id} className="border-t border-slate-200">
                  <th scope="row" className="px-3 py-2 font-normal">
                    <Link href={`${link({ criterion: criterion.id })}#findings-list`}>
                      {criterion.id} {criterion.title}
                    </Link>
                  </th>
                  <td className="px-3 py-2">{criterion.level || "obsolete"}</td>
                  <td className="px-3 py-2 tabular-nums">{criterion.instances}</td>
                  <td className="px-3 py-2 tabular-nums">{criterion.pages}</td>
                </tr>
              ))
            )}
          </ScrollableTable>

          <section aria-labelledby="pages-ranked-title" className="min-w-0 rounded-lg border border-slate-300 bg-white p-3">
            <h3 id="pages-ranked-title" className="font-semibold">
              Pages, worst first
            </h3>
            {overview.pagesRanked.length === 0 ? (
              <p className="mt-2 text-sm">No page has been scanned.</p>
            ) : (
              <ol className="mt-2 flex flex-col gap-2">
                {overview.pagesRanked.map((page) => (
                  <li key={page.id} className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 pt-2 text-sm">
                    <span className="min-w-0 flex-1 basis-40 break-all">
                      <Link href={pageFindings(page.id)}>{page.title || page.url}</Link>
                      <span className="block text-xs text-slate-700">
                        {IMPACTS_WORST_FIRST.filter((impact) => page.byImpact[impact] > 0)
                          .map((impact) => `${page.byImpact[impact]} ${impact}`)
                          .join(", ") || "no findings counted"}
                      </span>
                    </span>
                    <ScoreBadge score={page.score} />
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>

        <section id="pages-with-errors" tabIndex={-1} aria-labelledby="pages-with-errors-title" className="mt-4 rounded-lg border border-slate-300 bg-white p-3 focus:outline-none">
          <h3 id="pages-with-errors-title" className="font-semibold">
            Pages with errors ({overview.pages.error})
          </h3>
          {overview.errorPages.length === 0 ? (
            <p className="mt-1 text-sm">Every page that was reached could be scanned.</p>
          ) : (
            <ul className="mt-2 flex flex-col gap-2 text-sm">
              {overview.errorPages.map((page) => (
                <li key={page.id} className="border-t border-slate-200 pt-2">
                  <span className="block break-all font-semibold">{page.url}</span>
                  <span className="text-red-900">{page.error ?? "The page could not be scanned."}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </section>

      <section id="findings" aria-labelledby="findings-title" className="mb-8">
        <h2 id="findings-title" className="mb-3 text-xl font-semibold">
          Findings
        </h2>
        <details open={!understood || Object.keys(rest).length > 0 || statusParam !== undefined} className="mb-4 rounded-lg border border-slate-300 bg-white p-4">
          <summary className="cursor-pointer font-semibold">Filter and group findings</summary>
          <form method="get" action={base} className="mt-3">
            {!understood ? (
              <p role="alert" className="mb-3 text-sm text-red-800">
                Some filters were not understood and have been reset.
              </p>
            ) : null}
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              <FilterSelect label="Group by" name="groupBy" value={filters.groupBy} options={GROUPINGS.map((value) => [value, GROUP_LABELS[value]])} />
              <FilterSelect label="Kind" name="kind" value={filters.kind} options={Object.entries(KIND_LABELS)} />
              <FilterSelect label="Impact" name="impact" value={filters.impact?.[0] ?? ""} options={[["", "Any impact"], ...[...IMPACTS].reverse().map((value) => [value, IMPACT_STYLES[value].label])]} />
              <FilterSelect
                label="Status"
                name="status"
                value={statusValue(filters.status) ?? ""}
                options={[["", "Open or confirmed"], ["any", "Any status"], ...TRIAGE_STATUSES.map((value) => [value, value.replace("_", " ")])]}
              />
              <FilterSelect
                label="WCAG criterion"
                name="criterion"
                value={filters.criterion ?? ""}
                options={[["", "Any criterion"], ...overview.byCriterion.map((criterion) => [criterion.id, `${criterion.id} ${criterion.title ?? ""}`])]}
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
              <Link href={viewingEarlier ? `${base}?run=${runId}` : base} className="inline-flex min-h-11 items-center px-2 text-sm">
                Clear filters
              </Link>
            </div>
          </form>
        </details>

        <div className={detail ? "grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]" : ""}>
          <div className="min-w-0">
            {list.groups.length === 0 ? (
              <p id="findings-list" tabIndex={-1} className="rounded-lg border border-slate-300 bg-white p-4">
                {findings.all === 0 && overview.verdict.tone !== "findings" ? overview.verdict.text : "No findings match these filters."}
              </p>
            ) : (
              <FindingList
                sessionId={sessionId}
                groups={list.groups}
                caption={`${list.total} ${GROUP_LABELS[filters.groupBy].toLowerCase()} group${list.total === 1 ? "" : "s"}, page ${filters.page} of ${pages}`}
                detailHrefs={detailHrefs}
                selectedIndex={selectedIndex >= 0 ? selectedIndex : null}
                canTriage={can(user.role, "results:triage")}
              />
            )}
            {pages > 1 ? (
              <nav aria-label="Findings pages" className="mt-3 flex gap-4 text-sm">
                {filters.page > 1 ? <Link href={`${base}${toQuery({ ...filters, page: filters.page - 1 })}`}>Previous page</Link> : null}
                {filters.page < pages ? <Link href={`${base}${toQuery({ ...filters, page: filters.page + 1 })}`}>Next page</Link> : null}
              </nav>
            ) : null}
          </div>

          {detail ? (
            <section id="details" tabIndex={-1} aria-labelledby="details-title" className="min-w-0 focus:outline-none">
              <h2 id="details-title" className="text-xl font-semibold">
                Details: {detail.total} finding{detail.total === 1 ? "" : "s"}
                {detail.total > detail.violations.length ? ` (first ${detail.violations.length} shown)` : ""}
              </h2>
              <p className="mb-3 text-sm">
                <Link href={`${base}${toQuery(filters)}#findings-list`}>Close details</Link>
              </p>
              <ol className="flex flex-col gap-4">
                {detail.violations.map((finding) => (
                  <li key={finding.id}>
                    <EvidenceCard sessionId={sessionId} finding={finding} pagesHref={pageFindings} canTriage={can(user.role, "results:triage")} />
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
        </div>
      </section>
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
