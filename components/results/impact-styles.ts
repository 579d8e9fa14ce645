/** How each impact looks everywhere (badges, tiles, chart bars): colour plus its name, never colour alone. */
import type { ImpactName } from "@/lib/results/schema";

export const IMPACT_STYLES: Record<ImpactName, { label: string; badge: string; tile: string; fill: string }> = {
  critical: { label: "Critical", badge: "border-red-800 bg-red-800 text-white", tile: "border-l-red-800", fill: "#991b1b" },
  serious: { label: "Serious", badge: "border-orange-700 bg-orange-700 text-white", tile: "border-l-orange-700", fill: "#c2410c" },
  moderate: { label: "Moderate", badge: "border-amber-700 bg-amber-100 text-amber-950", tile: "border-l-amber-700", fill: "#b45309" },
  minor: { label: "Minor", badge: "border-slate-500 bg-slate-100 text-slate-900", tile: "border-l-slate-500", fill: "#475569" },
};

/** Worst first. */
export const IMPACTS_WORST_FIRST: readonly ImpactName[] = ["critical", "serious", "moderate", "minor"];
