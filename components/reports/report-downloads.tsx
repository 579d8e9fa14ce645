"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";

type Phase = { kind: "idle" } | { kind: "rendering"; startedAt: number } | { kind: "downloading"; received: number; total: number | null } | { kind: "done"; filename: string } | { kind: "error"; message: string };

const LINKS = [
  { format: "html", label: "HTML report" },
  { format: "openacr", label: "OpenACR (YAML)" },
  { format: "earl", label: "EARL (JSON-LD)" },
  { format: "csv", label: "Findings (CSV)" },
  { format: "json", label: "Findings (JSON)" },
] as const;

function filenameFrom(header: string | null): string {
  return header?.match(/filename="([^"]+)"/)?.[1] ?? "clearsight-report.pdf";
}

/**
 * Report downloads. The PDF takes a few seconds to print, so it is fetched here with its progress
 * shown (time so far against the expected time while Chromium prints, then bytes received).
 */
export function ReportDownloads({ sessionId, estimateSeconds }: { sessionId: string; estimateSeconds: number }) {
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [now, setNow] = useState(() => Date.now());
  const link = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    if (phase.kind !== "rendering") return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [phase.kind]);

  async function downloadPdf() {
    setPhase({ kind: "rendering", startedAt: Date.now() });
    setNow(Date.now());
    try {
      const response = await fetch(`/api/v1/sessions/${sessionId}/report?format=pdf`);
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
      }
      const total = Number(response.headers.get("content-length")) || null;
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        setPhase({ kind: "downloading", received, total });
      }
      const filename = filenameFrom(response.headers.get("content-disposition"));
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: "application/pdf" }));
      if (link.current) {
        link.current.href = url;
        link.current.download = filename;
        link.current.click();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setPhase({ kind: "done", filename });
    } catch (error) {
      setPhase({ kind: "error", message: error instanceof Error ? error.message : String(error) });
    }
  }

  const elapsed = phase.kind === "rendering" ? Math.max(0, Math.round((now - phase.startedAt) / 1000)) : 0;
  return (
    <div>
      <ul className="mb-4 flex flex-wrap gap-x-6 gap-y-2">
        {LINKS.map((entry) => (
          <li key={entry.format}>
            <a href={`/api/v1/sessions/${sessionId}/report?format=${entry.format}`} download>
              {entry.label}
            </a>
          </li>
        ))}
      </ul>
      <Button type="button" variant="secondary" onClick={() => void downloadPdf()} disabled={phase.kind === "rendering" || phase.kind === "downloading"}>
        Download PDF report
      </Button>
      {/* A hidden anchor hands the finished file to the browser's download. */}
      <a ref={link} className="hidden" aria-hidden="true" tabIndex={-1} href="#pdf">
        PDF
      </a>
      <div role="status" className="mt-3">
        {phase.kind === "rendering" ? (
          <>
            <progress className="h-3 w-full" max={estimateSeconds} value={Math.min(elapsed, estimateSeconds)} aria-label="PDF rendering" />
            <p>
              Printing the PDF: {elapsed} s of about {estimateSeconds} s.
            </p>
          </>
        ) : phase.kind === "downloading" ? (
          <>
            <progress className="h-3 w-full" max={phase.total ?? undefined} value={phase.total ? phase.received : undefined} aria-label="PDF download" />
            <p>
              Downloading: {Math.round(phase.received / 1024)} KB{phase.total ? ` of ${Math.round(phase.total / 1024)} KB` : ""}.
            </p>
          </>
        ) : phase.kind === "done" ? (
          <p>PDF ready: {phase.filename}.</p>
        ) : phase.kind === "error" ? (
          <p className="text-red-800">The PDF could not be made: {phase.message}</p>
        ) : null}
      </div>
    </div>
  );
}
