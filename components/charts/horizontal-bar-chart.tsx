/**
 * A horizontal bar chart drawn as SVG (scales and bars from visx), always followed by the same
 * numbers as a table. The SVG is one image to assistive technology, with a text alternative
 * that reads every bar; the table is there for exact numbers and keyboard links.
 */
import { Group } from "@visx/group";
import { scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import Link from "next/link";

export type BarDatum = {
  label: string;
  value: number;
  /** Bar fill; choose one with at least 3:1 contrast against white. */
  color: string;
  /** Where the category's row in the table links to. */
  href?: string;
};

const WIDTH = 320;
const ROW = 40;
const BAR = 14;
const VALUE_ROOM = 44;

export function HorizontalBarChart({
  id,
  title,
  data,
  categoryLabel,
  valueLabel,
}: {
  id: string;
  title: string;
  data: BarDatum[];
  categoryLabel: string;
  valueLabel: string;
}) {
  const max = Math.max(1, ...data.map((datum) => datum.value));
  const x = scaleLinear<number>({ domain: [0, max], range: [0, WIDTH - VALUE_ROOM] });
  const height = data.length * ROW + 4;
  const alternative = `${title}: ${data.map((datum) => `${datum.label} ${datum.value}`).join(", ")}.`;

  return (
    <figure aria-labelledby={`${id}-title`} className="min-w-0 rounded-lg border border-slate-300 bg-white p-4">
      <figcaption id={`${id}-title`} className="mb-2 font-semibold">
        {title}
      </figcaption>
      <svg role="img" aria-labelledby={`${id}-svg-title`} aria-describedby={`${id}-svg-desc`} viewBox={`0 0 ${WIDTH} ${height}`} className="h-auto w-full max-w-md" data-chart={id}>
        <title id={`${id}-svg-title`}>{title}</title>
        <desc id={`${id}-svg-desc`}>{alternative}</desc>
        {data.map((datum, index) => {
          const width = datum.value === 0 ? 0 : Math.max(2, x(datum.value));
          return (
            <Group key={datum.label} top={index * ROW}>
              <text x={0} y={14} fontSize={13} fill="#0f172a">
                {datum.label}
              </text>
              <Bar x={0} y={20} width={width} height={BAR} fill={datum.color} rx={2} data-value={datum.value} />
              <text x={width + 6} y={20 + BAR - 2} fontSize={13} fontWeight={600} fill="#0f172a">
                {datum.value}
              </text>
            </Group>
          );
        })}
      </svg>
      <table className="mt-3 w-full text-left text-sm">
        <caption className="sr-only">{title}, as a table</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="py-1 pr-3">
              {categoryLabel}
            </th>
            <th scope="col" className="py-1 text-right">
              {valueLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {data.map((datum) => (
            <tr key={datum.label} className="border-b border-slate-200">
              <th scope="row" className="py-1 pr-3 font-normal">
                <span aria-hidden="true" className="mr-2 inline-block size-3 rounded-sm align-middle" style={{ backgroundColor: datum.color }} />
                {datum.href ? <Link href={datum.href}>{datum.label}</Link> : datum.label}
              </th>
              <td className="py-1 text-right tabular-nums">{datum.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
