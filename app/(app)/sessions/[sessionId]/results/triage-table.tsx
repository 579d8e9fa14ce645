"use client";

/**
 * The grouped findings table with bulk triage: tick issues, choose a status (and a reason),
 * apply. Decisions go to PATCH /api/v1/sessions/:id/violations and carry over to later scans.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ResultGroup } from "@/lib/results/queries";

const STATUS_LABELS = {
  open: "Open",
  confirmed: "Confirmed",
  false_positive: "False positive",
  wont_fix: "Won't fix",
  fixed: "Fixed",
} as const;
type Status = keyof typeof STATUS_LABELS;

function statusSummary(statuses: Record<Status, number>): string {
  return (Object.keys(STATUS_LABELS) as Status[])
    .filter((status) => statuses[status] > 0)
    .map((status) => `${statuses[status]} ${STATUS_LABELS[status].toLowerCase()}`)
    .join(", ");
}

export function TriageTable({
  sessionId,
  groups,
  caption,
  detailHrefs,
  canTriage,
}: {
  sessionId: string;
  groups: ResultGroup[];
  caption: string;
  detailHrefs: string[];
  canTriage: boolean;
}) {
  const router = useRouter();
  const formId = useId();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [status, setStatus] = useState<Status>("confirmed");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<{ tone: "error" | "ok"; text: string } | null>(null);

  const toggle = (index: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });
  const allSelected = groups.length > 0 && selected.size === groups.length;

  const apply = async () => {
    const fingerprints = [...new Set([...selected].flatMap((index) => groups[index]?.fingerprints ?? []))];
    if (fingerprints.length === 0) {
      setFeedback({ tone: "error", text: "Select at least one issue first." });
      return;
    }
    if (status === "false_positive" && reason.trim() === "") {
      setFeedback({ tone: "error", text: "Give a reason when marking issues as false positives." });
      return;
    }
    setBusy(true);
    setFeedback(null);
    try {
      const response = await fetch(`/api/v1/sessions/${sessionId}/violations`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ fingerprints, status, reason: reason.trim() || undefined }),
      });
      const body = (await response.json().catch(() => null)) as { error?: { message?: string }; violations?: number } | null;
      if (!response.ok) {
        setFeedback({ tone: "error", text: body?.error?.message ?? `The server answered ${response.status}.` });
        return;
      }
      setFeedback({ tone: "ok", text: `Marked ${body?.violations ?? 0} findings as ${STATUS_LABELS[status].toLowerCase()}.` });
      setSelected(new Set());
      router.refresh();
    } catch {
      setFeedback({ tone: "error", text: "The server could not be reached. Try again." });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      {canTriage ? (
        <fieldset className="mb-4 rounded-lg border border-slate-300 bg-white p-4">
          <legend className="px-1 font-semibold">Triage selected issues ({selected.size} selected)</legend>
          <div className="flex flex-wrap items-end gap-4">
            <div>
              <label htmlFor={`${formId}-status`} className="block text-sm font-semibold">
                New status
              </label>
              <select
                id={`${formId}-status`}
                value={status}
                onChange={(event) => setStatus(event.target.value as Status)}
                className="mt-1 block min-h-11 rounded-md border border-slate-500 bg-white px-3 py-2"
              >
                {(Object.keys(STATUS_LABELS) as Status[]).map((value) => (
                  <option key={value} value={value}>
                    {STATUS_LABELS[value]}
                  </option>
                ))}
              </select>
            </div>
            <div className="min-w-0 flex-1">
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
      <div role="region" aria-label={caption} tabIndex={0} className="relative overflow-x-auto rounded-lg border border-slate-300 bg-white">
        <table className="min-w-full text-left text-sm">
          <caption className="px-3 py-2 text-left font-semibold">{caption}</caption>
          <thead className="bg-slate-100">
            <tr>
              {canTriage ? (
                <th scope="col" className="px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label="Select all issues on this page"
                    checked={allSelected}
                    onChange={() => setSelected(allSelected ? new Set() : new Set(groups.map((_, index) => index)))}
                    className="size-5"
                  />
                </th>
              ) : null}
              <th scope="col" className="px-3 py-2">Finding</th>
              <th scope="col" className="px-3 py-2">Impact</th>
              <th scope="col" className="px-3 py-2">WCAG</th>
              <th scope="col" className="px-3 py-2">Pages</th>
              <th scope="col" className="px-3 py-2">Instances</th>
              <th scope="col" className="px-3 py-2">Status</th>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group, index) => (
              <tr key={`${group.label}-${group.kind}-${index}`} className="border-t border-slate-200 align-top">
                {canTriage ? (
                  <td className="px-3 py-2">
                    <input
                      type="checkbox"
                      aria-label={`Select ${group.ruleId ?? ""} ${group.label}`.trim()}
                      checked={selected.has(index)}
                      onChange={() => toggle(index)}
                      className="size-5"
                    />
                  </td>
                ) : null}
                <th scope="row" className="px-3 py-2 font-normal">
                  {group.ruleId && group.groupBy === "issue" ? <span className="font-semibold">{group.ruleId}</span> : null}
                  <span className={`block break-all ${group.groupBy === "issue" ? "font-mono text-xs" : "font-semibold"}`}>{group.label}</span>
                  {group.help ? <span className="block text-slate-700">{group.help}</span> : null}
                  {group.kind === "needs_review" ? <span className="block text-amber-900">Needs review</span> : null}
                </th>
                <td className="px-3 py-2">{group.impact ?? "—"}</td>
                <td className="px-3 py-2">{group.criterion ? `${group.criterion.id} (${group.criterion.level || "obsolete"})` : group.wcagCriteria.join(", ") || "—"}</td>
                <td className="px-3 py-2">{group.pages}</td>
                <td className="px-3 py-2">{group.instances}</td>
                <td className="px-3 py-2">{statusSummary(group.statuses)}</td>
                <td className="px-3 py-2">
                  <Link href={detailHrefs[index] ?? "#"}>
                    Details<span className="sr-only"> of {group.label}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
