"use client";

/**
 * Test login: runs the config's sign-in in the scanner's browser now (POST …/test) and shows
 * each step's outcome, where it landed and the landing screenshot (password fields masked).
 * The latest earlier run is shown until a new one is made.
 */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ScrollableTable } from "@/components/ui/scrollable-table";

export type TestLoginView = {
  ok: boolean;
  steps: Array<{ step: number; action: string; ok: boolean; ms: number; error?: string }>;
  finalUrl: string | null;
  screenshotId?: string | null;
  error?: string;
  /** When it ran (ISO), for an earlier run. */
  at?: string;
};

export function TestLoginPanel({ authConfigId, latest }: { authConfigId: string; latest: TestLoginView | null }) {
  const router = useRouter();
  const [result, setResult] = useState<TestLoginView | null>(latest);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const response = await fetch(`/api/v1/auth-configs/${authConfigId}/test`, { method: "POST" });
      const body = (await response.json().catch(() => null)) as (Omit<TestLoginView, "error"> & { error?: string | { message?: string } }) | null;
      if (!response.ok || !body) {
        const message = body && typeof body.error === "object" ? body.error.message : undefined;
        setProblem(message ?? `The server answered ${response.status}.`);
        return;
      }
      setResult({ ...body, error: typeof body.error === "string" ? body.error : undefined });
      // The config's status and last-verified time changed.
      router.refresh();
    } catch {
      setProblem("The server could not be reached. Try again.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <p className="mb-3 text-slate-700">
        Signs in now, in the scanner&apos;s browser, exactly as a scan would. The config becomes active when it works and failed when it does not.
      </p>
      <Button onClick={() => void run()} disabled={busy} aria-describedby="test-login-outcome">
        {busy ? "Signing in…" : "Test login"}
      </Button>
      <div id="test-login-outcome" aria-live="polite" className="mt-4">
        {problem ? <p className="text-red-800">{problem}</p> : null}
        {busy ? <p>Signing in…</p> : null}
        {result && !busy ? (
          <p className={`font-semibold ${result.ok ? "text-green-800" : "text-red-800"}`}>
            {result.ok ? "Sign-in worked." : `Sign-in failed${result.error ? `: ${result.error}` : "."}`}
            {result.at ? <span className="font-normal text-slate-700"> (tested {result.at.slice(0, 16).replace("T", " ")} UTC)</span> : null}
          </p>
        ) : null}
      </div>
      {result && !busy ? (
        <div className="mt-3 flex flex-col gap-4">
          <ScrollableTable
            label="Test login steps"
            columns={[{ label: "Step" }, { label: "What" }, { label: "Result" }, { label: "Time (ms)", align: "right" }, { label: "Error" }]}
          >
            {result.steps.map((step) => (
              <tr key={step.step} className="border-t border-slate-200 align-top">
                <td className="px-3 py-2">{step.step}</td>
                <td className="px-3 py-2 break-words">{step.action}</td>
                <td className={`px-3 py-2 font-semibold ${step.ok ? "text-green-800" : "text-red-800"}`}>{step.ok ? "OK" : "Failed"}</td>
                <td className="px-3 py-2 text-right">{step.ms}</td>
                <td className="px-3 py-2 break-words">{step.error ?? "—"}</td>
              </tr>
            ))}
          </ScrollableTable>
          <p className="break-all">
            <span className="font-semibold">Landed on:</span> {result.finalUrl ?? "no page"}
          </p>
          {result.screenshotId ? (
            <figure>
              {/* eslint-disable-next-line @next/next/no-img-element -- an authenticated API image, not a static asset */}
              <img
                src={`/api/v1/auth-configs/${authConfigId}/tests/${result.screenshotId}/screenshot`}
                alt={`The page the sign-in landed on${result.finalUrl ? `, ${result.finalUrl}` : ""}`}
                className="max-w-full rounded-md border border-slate-300"
              />
              <figcaption className="mt-1 text-sm text-slate-700">Where the sign-in landed. Password fields are emptied and masked before the capture.</figcaption>
            </figure>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
