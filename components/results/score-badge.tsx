import { scoreBand } from "@/lib/results/score";

const BAND_CLASSES = { good: "border-green-800 text-green-900", "needs work": "border-amber-700 text-amber-950", poor: "border-red-800 text-red-900" } as const;

/** A score out of 100 with its band in words; "no score" when nothing was scanned. */
export function ScoreBadge({ score, size = "small" }: { score: number | null; size?: "small" | "large" }) {
  if (score === null) return <span className="text-slate-700">No score</span>;
  const band = scoreBand(score);
  return (
    <span className={`inline-flex items-baseline gap-1 rounded-md border-2 bg-white px-2 font-semibold ${BAND_CLASSES[band]} ${size === "large" ? "text-2xl" : "text-sm"}`}>
      {score}
      <span className="text-xs font-normal">/ 100, {band}</span>
    </span>
  );
}
