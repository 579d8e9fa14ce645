"use client";

/**
 * Start / scan again / cancel buttons for a session's automated scan. Every scan is a new run;
 * earlier runs keep their results. The server decides what is possible (409 with the current
 * status otherwise); errors are shown next to the buttons.
 */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";

type Status = "draft" | "queued" | "running" | "completed" | "failed" | "cancelled";

export function ScanControls({ sessionId, status, canRun, cancelRequested = false }: { sessionId: string; status: Status; canRun: boolean; cancelRequested?: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!canRun) return null;

  const act = async (action: "scan" | "cancel") => {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/api/v1/sessions/${sessionId}/${action}`, { method: "POST" });
      const body = (await response.json().catch(() => null)) as { error?: { message?: string }; status?: string; failureReason?: string; runNumber?: number } | null;
      if (!response.ok) {
        setError(body?.error?.message ?? `The server answered ${response.status}.`);
        return;
      }
      if (action === "scan" && body?.status === "failed") setError(`The scan could not start: ${body.failureReason ?? "invalid scope"}`);
      // No message of our own: the live progress beside these buttons says queued, running,
      // cancelling or done, and a message here would go stale the moment the scan moves on.
      router.refresh();
    } catch {
      setError("The server could not be reached. Try again.");
    } finally {
      setBusy(false);
    }
  };

  const running = status === "queued" || status === "running";
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        {running ? (
          <Button variant="danger" disabled={busy || cancelRequested} onClick={() => void act("cancel")}>
            {cancelRequested ? "Cancelling…" : "Cancel scan"}
          </Button>
        ) : (
          <Button disabled={busy} onClick={() => void act("scan")}>
            {status === "draft" ? "Start scan" : "Scan again"}
          </Button>
        )}
      </div>
      <div aria-live="polite" className="text-sm">
        {error ? <p className="text-red-800">{error}</p> : null}
      </div>
    </div>
  );
}
