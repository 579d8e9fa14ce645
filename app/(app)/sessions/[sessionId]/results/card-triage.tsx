"use client";

/** Triage buttons on a finding's card: one click per decision, with an optional reason. */
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { STATUS_LABELS, requestTriage } from "@/components/results/triage-request";
import { Button } from "@/components/ui/button";
import type { TriageStatusName } from "@/lib/results/schema";

const ACTIONS: ReadonlyArray<{ status: TriageStatusName; label: string }> = [
  { status: "confirmed", label: "Confirm" },
  { status: "false_positive", label: "False positive" },
  { status: "wont_fix", label: "Won't fix" },
  { status: "fixed", label: "Fixed" },
  { status: "open", label: "Reopen" },
];

export function CardTriage({ sessionId, violationId, status, findingName }: { sessionId: string; violationId: string; status: TriageStatusName; findingName: string }) {
  const router = useRouter();
  const id = useId();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);

  const decide = async (next: TriageStatusName) => {
    setBusy(true);
    setFeedback(null);
    const outcome = await requestTriage(sessionId, { ids: [violationId] }, next, reason);
    setBusy(false);
    setFeedback(outcome);
    if (!outcome.ok) return;
    setReason("");
    router.refresh();
  };

  return (
    <fieldset className="mt-3 rounded-md border border-slate-300 p-3">
      <legend className="px-1 text-sm font-semibold">
        Triage <span className="sr-only">{findingName}</span> (now {STATUS_LABELS[status].toLowerCase()})
      </legend>
      <label htmlFor={`${id}-reason`} className="block text-sm">
        Reason <span className="text-slate-700">(required for a false positive)</span>
      </label>
      <input
        id={`${id}-reason`}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        maxLength={2000}
        className="mt-1 mb-2 block min-h-11 w-full rounded-md border border-slate-500 bg-white px-3 py-2"
      />
      <div className="flex flex-wrap gap-2">
        {ACTIONS.filter((action) => action.status !== status).map((action) => (
          <Button key={action.status} variant="secondary" disabled={busy} onClick={() => void decide(action.status)}>
            {action.label}
          </Button>
        ))}
      </div>
      <p aria-live="polite" className={`mt-2 text-sm ${feedback && !feedback.ok ? "text-red-800" : "text-green-900"}`}>
        {feedback?.text ?? ""}
      </p>
    </fieldset>
  );
}
