import type { ImpactName } from "@/lib/results/schema";
import { IMPACT_STYLES } from "./impact-styles";

export function ImpactBadge({ impact }: { impact: ImpactName | null }) {
  if (!impact) return <span className="inline-block rounded border border-slate-400 px-2 text-xs font-semibold">Impact unknown</span>;
  return <span className={`inline-block rounded border px-2 text-xs font-semibold ${IMPACT_STYLES[impact].badge}`}>{IMPACT_STYLES[impact].label}</span>;
}
