/** The one way the browser asks for a triage decision (PATCH /api/v1/sessions/:id/violations). */
import type { TriageStatusName } from "@/lib/results/schema";

export const STATUS_LABELS: Record<TriageStatusName, string> = {
  open: "Open",
  confirmed: "Confirmed",
  false_positive: "False positive",
  wont_fix: "Won't fix",
  fixed: "Fixed",
};

export type TriageOutcome = { ok: true; text: string } | { ok: false; text: string };

/**
 * Sends one decision. The reason goes with this request only: callers clear their reason field
 * once it is sent, so a later decision never inherits it.
 */
export async function requestTriage(sessionId: string, target: { ids?: string[]; fingerprints?: string[] }, status: TriageStatusName, reason: string): Promise<TriageOutcome> {
  if (status === "false_positive" && reason.trim() === "") return { ok: false, text: "Give a reason when marking a finding as a false positive." };
  try {
    const response = await fetch(`/api/v1/sessions/${sessionId}/violations`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...target, status, reason: reason.trim() || undefined }),
    });
    const body = (await response.json().catch(() => null)) as { error?: { message?: string }; violations?: number } | null;
    if (!response.ok) return { ok: false, text: body?.error?.message ?? `The server answered ${response.status}.` };
    const count = body?.violations ?? 0;
    return { ok: true, text: `Marked ${count} finding${count === 1 ? "" : "s"} as ${STATUS_LABELS[status].toLowerCase()}.` };
  } catch {
    return { ok: false, text: "The server could not be reached. Try again." };
  }
}
