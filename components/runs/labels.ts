import type { RunView } from "@/lib/runs/queries";

export const TRIGGER_LABELS: Record<RunView["trigger"], string> = { user: "Started in the app", schedule: "Schedule", api_token: "API token" };

type RunLabelInput = { number: number; status: string; startedAt: Date | string | null; completedAt: Date | string | null; queuedAt: Date | string };

function utc(value: Date | string): string {
  return `${(typeof value === "string" ? value : value.toISOString()).slice(0, 16).replace("T", " ")} UTC`;
}

/** "Run 3 · completed · 2026-12-07 10:02 UTC" */
export function describeRun(run: RunLabelInput): string {
  return `Run ${run.number} · ${run.status} · ${utc(run.completedAt ?? run.startedAt ?? run.queuedAt)}`;
}
