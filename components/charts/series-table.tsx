import { ScrollableTable } from "@/components/ui/scrollable-table";
import type { ChartSeries } from "./line-chart";

/** The numbers behind a chart: one row per point, one column per series. */
export function SeriesTable({ caption, labelHeader, labels, series }: { caption: string; labelHeader: string; labels: string[]; series: ChartSeries[] }) {
  return (
    <ScrollableTable
      label={caption}
      caption={<caption className="sr-only">{caption}</caption>}
      columns={[{ label: labelHeader }, ...series.map((line) => ({ label: line.label, align: "right" as const }))]}
    >
      {labels.map((label, point) => (
        <tr key={point} className="border-t border-slate-200">
          <th scope="row" className="px-3 py-2 font-semibold whitespace-nowrap">
            {label}
          </th>
          {series.map((line) => (
            <td key={line.key} className="px-3 py-2 text-right tabular-nums">
              {line.values[point] ?? 0}
            </td>
          ))}
        </tr>
      ))}
    </ScrollableTable>
  );
}
