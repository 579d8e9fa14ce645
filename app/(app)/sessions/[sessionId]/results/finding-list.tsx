"use client";

/**
 * The grouped findings as cards (no wide table, so 320 px works), each linking to its evidence,
 * with bulk triage: tick issues, choose a status (and a reason), apply. Decisions carry over to
 * later scans of the project.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { ImpactBadge } from "@/components/results/impact-badge";
import { STATUS_LABELS, requestTriage } from "@/components/results/triage-request";
import { Button } from "@/components/ui/button";
import type { ResultGroup } from "@/lib/results/queries";
import { TRIAGE_STATUSES, type TriageStatusName } from "@/lib/results/schema";

/** A group's identity across refreshes: what it groups, and whether violations or needs-review items. */
function groupKey(group: ResultGroup): string {
  return `${group.groupBy}\u0000${group.kind}\u0000${group.ruleId ?? ""}\u0000${group.label}`;
}

function statusSummary(statuses: Record<TriageStatusName, number>): string {
  return TRIAGE_STATUSES.filter((status) => statuses[status] > 0)
    .map((status) => `${statuses[status]} ${STATUS_LABELS[status].toLowerCase()}`)
    .join(", ");
}

export function FindingList({
  sessionId,
  groups,
  caption,
  detailHrefs,
  selectedIndex,
  canTriage,
}: {
  sessionId: string;
  groups: ResultGroup[];
  caption: string;
  detailHrefs: string[];
  /** The group whose details are open, if any. */
  selectedIndex: number | null;
  canTriage: boolean;
}) {
  const router = useRouter();
  const formId = useId();
  // Keyed by the group, not its position: a refresh after triage removes groups from the list, and
  // a tick made meanwhile must stay on the issue the tester ticked.
  const [ticked, setSelected] = useState<Set<string>>(new Set());
  const keys = groups.map(groupKey);
  const selected = new Set(keys.filter((key) => ticked.has(key)));
  const [status, setStatus] = useState<TriageStatusName>("confirmed");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<{ tone: "error" | "ok"; text: string } | null>(null);

  const toggle = (key: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const allSelected = groups.length > 0 && selected.size === groups.length;

  const apply = async () => {
    const fingerprints = [...new Set(groups.filter((group) => selected.has(groupKey(group))).flatMap((group) => group.fingerprints))];
    if (fingerprints.length === 0) {
      setFeedback({ tone: "error", text: "Select at least one issue first." });
      return;
    }
    setBusy(true);
    setFeedback(null);
    const outcome = await requestTriage(sessionId, { fingerprints }, status, reason);
    setBusy(false);
    setFeedback({ tone: outcome.ok ? "ok" : "error", text: outcome.text });
    if (!outcome.ok) return;
    // The reason belonged to this decision only; the next one starts without it.
    setReason("");
    setSelected(new Set());
    router.refresh();
  };

  return (
    <div>
      <div id="findings-list" tabIndex={-1} role="region" aria-label={caption} className="focus:outline-none">
        <p className="mb-2 text-sm text-slate-700" aria-hidden="true">
          {caption}
        </p>
        <ol className="flex flex-col gap-3">
          {groups.map((group, index) => {
            const name = `${group.ruleId && group.groupBy === "issue" ? `${group.ruleId} ` : ""}${group.label}`;
            const current = index === selectedIndex;
            return (
              <li
                key={`${group.label}-${group.kind}-${index}`}
                aria-current={current ? "true" : undefined}
                className={`flex gap-3 rounded-lg border bg-white p-3 ${current ? "border-blue-700 ring-2 ring-blue-700" : "border-slate-300"}`}
              >
                {canTriage ? (
                  <input type="checkbox" aria-label={`Select ${name}`} checked={selected.has(keys[index]!)} onChange={() => toggle(keys[index]!)} className="mt-1 size-5 shrink-0" />
                ) : null}
                <div className="min-w-0 flex-1">
                  <h3 className="font-semibold break-words">
                    <Link href={detailHrefs[index] ?? "#"}>
                      {group.ruleId && group.groupBy === "issue" ? <span>{group.ruleId} </span> : null}
                      <span className={group.groupBy === "issue" ? "font-mono text-sm break-all" : ""}>{group.label}</span>
                      <span className="sr-only">, show details</span>
                    </Link>
                  </h3>
                  {group.help ? <p className="text-sm text-slate-800">{group.help}</p> : null}
                  <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                    <ImpactBadge impact={group.impact} />
                    {group.kind === "needs_review" ? <span className="font-semibold text-amber-950">Needs review</span> : null}
                    <span>{group.criterion ? `WCAG ${group.criterion.id} (${group.criterion.level || "obsolete"})` : group.wcagCriteria.length ? `WCAG ${group.wcagCriteria.join(", ")}` : "Best practice"}</span>
                    <span>
                      {group.instances} instance{group.instances === 1 ? "" : "s"} on {group.pages} page{group.pages === 1 ? "" : "s"}
                    </span>
                    <span data-testid="group-status">{statusSummary(group.statuses)}</span>
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      </div>
      {canTriage ? (
        <fieldset className="mt-4 rounded-lg border border-slate-300 bg-white p-4">
          <legend className="px-1 font-semibold">Triage selected issues ({selected.size} selected)</legend>
          {/* After the list, so the first Tab into the findings reaches the first finding. */}
          <label className="mb-2 flex min-h-11 items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={allSelected}
              onChange={() => setSelected(allSelected ? new Set() : new Set(keys))}
              className="size-5"
            />
            Select all issues on this page
          </label>
          <div className="flex flex-wrap items-end gap-4">
            <div>
              <label htmlFor={`${formId}-status`} className="block text-sm font-semibold">
                New status
              </label>
              <select
                id={`${formId}-status`}
                value={status}
                onChange={(event) => setStatus(event.target.value as TriageStatusName)}
                className="mt-1 block min-h-11 rounded-md border border-slate-500 bg-white px-3 py-2"
              >
                {TRIAGE_STATUSES.map((value) => (
                  <option key={value} value={value}>
                    {STATUS_LABELS[value]}
                  </option>
                ))}
              </select>
            </div>
            <div className="min-w-0 flex-1 basis-48">
              <label htmlFor={`${formId}-reason`} className="block text-sm font-semibold">
                Reason <span className="font-normal">(required for false positives)</span>
              </label>
              <input
                id={`${formId}-reason`}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
                maxLength={2000}
                className="mt-1 block min-h-11 w-full rounded-md border border-slate-500 bg-white px-3 py-2"
              />
            </div>
            <Button disabled={busy} onClick={() => void apply()}>
              Apply to selected
            </Button>
          </div>
          <p aria-live="polite" className={`mt-2 text-sm ${feedback?.tone === "error" ? "text-red-800" : "text-green-900"}`}>
            {feedback?.text ?? ""}
          </p>
        </fieldset>
      ) : null}
    </div>
  );
}
