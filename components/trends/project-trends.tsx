import { LineChart, type ChartSeries } from "@/components/charts/line-chart";
import { SeriesTable } from "@/components/charts/series-table";
import type { Trends } from "@/lib/trends/queries";
import { TREND_IMPACTS } from "@/lib/trends/schema";

const IMPACT_LABELS: Record<(typeof TREND_IMPACTS)[number], string> = { critical: "Critical", serious: "Serious", moderate: "Moderate", minor: "Minor" };
/** More lines than this stop being readable; the table lists every criterion. */
const CHARTED_CRITERIA = 6;

function pointLabel(point: Trends["points"][number]): string {
  return `${point.sessionName} #${point.runNumber}, ${point.completedAt.slice(0, 16).replace("T", " ")} UTC`;
}

/** The project's trend: each chart with its numbers in a table beside it, and the CSV of all series. */
export function ProjectTrends({ trends }: { trends: Trends }) {
  if (trends.points.length === 0) {
    return <p className="text-slate-700">No completed scans yet. The trend appears after the first scan completes.</p>;
  }
  const labels = trends.points.map(pointLabel);
  const ticks = trends.points.map((_, index) => `${index + 1}`);
  const byImpact: ChartSeries[] = [
    ...TREND_IMPACTS.map((impact) => ({ key: impact, label: IMPACT_LABELS[impact], values: trends.points.map((point) => point.open[impact]) })),
    { key: "total", label: "All open", values: trends.points.map((point) => point.open.total) },
  ];
  const activity: ChartSeries[] = [
    { key: "pages", label: "Pages scanned", values: trends.points.map((point) => point.pagesScanned) },
    { key: "new", label: "New issues", values: trends.points.map((point) => point.newIssues) },
    { key: "fixed", label: "Fixed issues", values: trends.points.map((point) => point.fixedIssues) },
  ];
  // Scans that scanned no page have no score: the score chart leaves them out.
  const scored = trends.points.flatMap((point, index) => (point.score === null ? [] : [{ index, score: point.score }]));
  const score: ChartSeries[] = [{ key: "score", label: "Score (0-100)", values: scored.map((point) => point.score) }];
  const latest = trends.points.at(-1)!;
  const criteria = [...trends.criteria].sort((a, b) => (latest.byCriterion[b] ?? 0) - (latest.byCriterion[a] ?? 0));
  const byCriterion: ChartSeries[] = criteria.map((criterion) => ({ key: criterion, label: `SC ${criterion}`, values: trends.points.map((point) => point.byCriterion[criterion] ?? 0) }));

  const charts: Array<{ id: string; title: string; yLabel: string; series: ChartSeries[]; table: ChartSeries[]; points?: number[] }> = [
    ...(scored.length > 0 ? [{ id: "score", title: "Accessibility score", yLabel: "Score (0-100, higher is better)", series: score, table: score, points: scored.map((point) => point.index) }] : []),
    { id: "impact", title: "Open violations by impact", yLabel: "Open violations", series: byImpact, table: byImpact },
    { id: "activity", title: "Pages scanned, new and fixed issues", yLabel: "Count", series: activity, table: activity },
    ...(byCriterion.length > 0
      ? [{ id: "criterion", title: `Open violations by success criterion${byCriterion.length > CHARTED_CRITERIA ? ` (chart: the ${CHARTED_CRITERIA} with most in the latest scan; table: all)` : ""}`, yLabel: "Open violations", series: byCriterion.slice(0, CHARTED_CRITERIA), table: byCriterion }]
      : []),
  ];

  return (
    <div className="space-y-8">
      <p className="text-sm text-slate-700">
        Points 1 to {trends.points.length} are completed scans, oldest first. &ldquo;New&rdquo; and &ldquo;fixed&rdquo; compare each scan with the previous scan of the same session.{" "}
        <a href={`/api/v1/projects/${trends.projectId}/trends?format=csv`} download>
          Download the series as CSV
        </a>
      </p>
      {charts.map((chart) => {
        const indexes = chart.points ?? trends.points.map((_, index) => index);
        return (
        <section key={chart.id} aria-labelledby={`trend-${chart.id}-title`}>
          <h3 id={`trend-${chart.id}-title`} className="mb-2 text-lg font-semibold">
            {chart.title}
          </h3>
          <div className="grid gap-4 lg:grid-cols-2">
            <LineChart title={chart.title} labels={indexes.map((index) => labels[index]!)} tickLabels={indexes.map((index) => ticks[index]!)} series={chart.series} yLabel={chart.yLabel} />
            <SeriesTable caption={`${chart.title}: the numbers`} labelHeader="Scan" labels={indexes.map((index) => `${index + 1}. ${labels[index]}`)} series={chart.table} />
          </div>
        </section>
        );
      })}
    </div>
  );
}
