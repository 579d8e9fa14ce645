"use client";

/**
 * An accessible line chart, rendered to SVG on the server (visx scales, shapes and axes; no
 * canvas, no script needed to see it). The SVG is one labelled image with a text summary; each
 * point carries its value as a <title>. Series differ by marker shape and dash as well as by
 * colour. Always put the same numbers beside it as a table (SeriesTable).
 */
import { AxisBottom, AxisLeft } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleLinear, scalePoint } from "@visx/scale";
import { LinePath } from "@visx/shape";
import { useId } from "react";

export type ChartSeries = { key: string; label: string; values: number[] };

// Each at least 4.5:1 against white, so lines, markers and legend text all pass contrast checks.
const STYLES = [
  { color: "#b91c1c", dash: undefined, marker: "circle" },
  { color: "#9a3412", dash: "6 3", marker: "square" },
  { color: "#1d4ed8", dash: "2 3", marker: "triangle" },
  { color: "#15803d", dash: "8 3 2 3", marker: "diamond" },
  { color: "#6b21a8", dash: undefined, marker: "square" },
  { color: "#334155", dash: "6 3", marker: "circle" },
] as const;

const WIDTH = 640;
const HEIGHT = 280;
const MARGIN = { top: 16, right: 24, bottom: 40, left: 48 };

function Marker({ shape, x, y, color }: { shape: string; x: number; y: number; color: string }) {
  if (shape === "square") return <rect x={x - 4} y={y - 4} width={8} height={8} fill={color} />;
  if (shape === "triangle") return <path d={`M${x},${y - 5} L${x + 5},${y + 4} L${x - 5},${y + 4} Z`} fill={color} />;
  if (shape === "diamond") return <path d={`M${x},${y - 5} L${x + 5},${y} L${x},${y + 5} L${x - 5},${y} Z`} fill={color} />;
  return <circle cx={x} cy={y} r={4} fill={color} />;
}

/** `labels` name the points (in point titles and the summary); `tickLabels`, if given, are the shorter axis labels. */
export function LineChart({ title, labels, tickLabels, series, yLabel }: { title: string; labels: string[]; tickLabels?: string[]; series: ChartSeries[]; yLabel: string }) {
  const id = useId();
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(1, ...series.flatMap((line) => line.values));
  const x = scalePoint<number>({ domain: labels.map((_, index) => index), range: [0, innerWidth], padding: 0.5 });
  const y = scaleLinear<number>({ domain: [0, max], range: [innerHeight, 0], nice: true });
  const every = Math.max(1, Math.ceil(labels.length / 8));
  const summary = series
    .map((line) => `${line.label}: ${line.values.length > 1 ? `${line.values[0]} to ${line.values.at(-1)}` : (line.values[0] ?? 0)}`)
    .join("; ");

  return (
    <figure className="min-w-0">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-auto w-full"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        data-points={labels.length}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{`${labels.length} points, ${labels[0] ?? ""} to ${labels.at(-1) ?? ""}. ${summary}.`}</desc>
        <Group left={MARGIN.left} top={MARGIN.top}>
          <AxisLeft scale={y} numTicks={5} stroke="#334155" tickStroke="#334155" tickLabelProps={{ fill: "#1e293b", fontSize: 12, textAnchor: "end", dx: -4, dy: 4 }} label={yLabel} labelProps={{ fill: "#1e293b", fontSize: 12, textAnchor: "middle" }} />
          <AxisBottom
            top={innerHeight}
            scale={x}
            stroke="#334155"
            tickStroke="#334155"
            tickValues={labels.map((_, index) => index).filter((index) => index % every === 0)}
            tickFormat={(index) => (tickLabels ?? labels)[Number(index)] ?? ""}
            tickLabelProps={{ fill: "#1e293b", fontSize: 12, textAnchor: "middle" }}
          />
          {series.map((line, index) => {
            const style = STYLES[index % STYLES.length]!;
            return (
              <g key={line.key} data-series={line.key}>
                <LinePath data={line.values} x={(_, point) => x(point) ?? 0} y={(value) => y(value)} stroke={style.color} strokeWidth={2} strokeDasharray={style.dash} />
                {line.values.map((value, point) => (
                  <g key={point} data-point={point}>
                    <title>{`${line.label}, ${labels[point] ?? ""}: ${value}`}</title>
                    <Marker shape={style.marker} x={x(point) ?? 0} y={y(value)} color={style.color} />
                  </g>
                ))}
              </g>
            );
          })}
        </Group>
      </svg>
      <figcaption>
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label={`Legend: ${title}`}>
          {series.map((line, index) => {
            const style = STYLES[index % STYLES.length]!;
            return (
              <li key={line.key} className="flex items-center gap-1">
                <svg width="24" height="12" aria-hidden="true" focusable="false">
                  <line x1="0" y1="6" x2="24" y2="6" stroke={style.color} strokeWidth={2} strokeDasharray={style.dash} />
                  <Marker shape={style.marker} x={12} y={6} color={style.color} />
                </svg>
                {line.label}
              </li>
            );
          })}
        </ul>
      </figcaption>
    </figure>
  );
}
