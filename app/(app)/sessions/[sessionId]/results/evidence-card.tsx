/**
 * One finding's evidence: the element outlined on its page's screenshot, the HTML, the selector,
 * what to fix, the WCAG criteria with their Understanding documents, every page it occurs on, and
 * triage buttons.
 */
import Link from "next/link";
import { ImpactBadge } from "@/components/results/impact-badge";
import { STATUS_LABELS } from "@/components/results/triage-request";
import type { FindingEvidence, Region } from "@/lib/results/evidence";
import { describeFindingSources } from "@/lib/scans/engines/catalog";
import { CardTriage } from "./card-triage";

/** Context kept around the element, in screenshot pixels, so the outline is seen in place. */
const CONTEXT = { x: 160, y: 120 };
const MIN_VIEW = { width: 480, height: 270 };

/** The part of the page screenshot the card shows: the element's region with context around it. */
export function evidenceView(region: Region, page: { width: number; height: number }): Region {
  const width = Math.min(page.width, Math.max(region.width + CONTEXT.x * 2, MIN_VIEW.width));
  const height = Math.min(page.height, Math.max(region.height + CONTEXT.y * 2, MIN_VIEW.height));
  const clamp = (value: number, max: number) => Math.max(0, Math.min(value, max));
  return {
    x: Math.round(clamp(region.x + region.width / 2 - width / 2, page.width - width)),
    y: Math.round(clamp(region.y + region.height / 2 - height / 2, page.height - height)),
    width,
    height,
  };
}

export function EvidenceCard({ sessionId, finding, pagesHref, canTriage }: { sessionId: string; finding: FindingEvidence; pagesHref: (pageId: string) => string; canTriage: boolean }) {
  const where = finding.pageTitle || finding.url;
  const name = `${finding.ruleId} on ${where}`;
  return (
    <article aria-labelledby={`finding-${finding.id}`} className="rounded-lg border border-slate-300 bg-white p-4" data-finding={finding.id}>
      <h3 id={`finding-${finding.id}`} className="text-lg font-semibold break-words">
        {finding.help ?? finding.ruleId}
      </h3>
      <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <ImpactBadge impact={finding.impact} />
        <span>
          Rule <code>{finding.ruleId}</code>
        </span>
        {finding.kind === "needs_review" ? <span className="font-semibold text-amber-950">Needs review</span> : null}
        <span>
          Status: {STATUS_LABELS[finding.status]}
          {finding.statusReason ? ` (${finding.statusReason})` : ""}
        </span>
      </p>

      <Screenshot finding={finding} where={where} />

      <dl className="mt-3 grid gap-3 text-sm">
        <div>
          <dt className="font-semibold">Page</dt>
          <dd className="break-all">
            <a href={finding.url} rel="noreferrer noopener" target="_blank">
              {where}
              <span className="sr-only"> (opens in a new tab)</span>
            </a>
            {finding.pageTitle ? <span className="block text-slate-700">{finding.url}</span> : null}
          </dd>
        </div>
        <div>
          <dt className="font-semibold">Element</dt>
          <dd>
            <code className="break-all">{finding.selector}</code>
            <pre className="mt-1 max-h-40 overflow-auto rounded bg-slate-100 p-2 text-xs break-all whitespace-pre-wrap">
              <code>{finding.html}</code>
            </pre>
          </dd>
        </div>
        {finding.sources.length > 0 ? (
          <div>
            <dt className="font-semibold">Found by</dt>
            <dd>{describeFindingSources(finding.sources)}</dd>
          </div>
        ) : null}
        {finding.summary ? (
          <div>
            <dt className="font-semibold">How to fix it</dt>
            <dd className="whitespace-pre-line">{finding.summary}</dd>
          </div>
        ) : null}
        <div>
          <dt className="font-semibold">WCAG</dt>
          <dd>
            {finding.criteria.length === 0 ? (
              "A best practice, not a WCAG success criterion."
            ) : (
              <ul className="flex flex-col gap-1">
                {finding.criteria.map((criterion) => (
                  <li key={criterion.id}>
                    {criterion.understanding ? (
                      <a href={criterion.understanding} rel="noreferrer noopener" target="_blank">
                        {criterion.id} {criterion.title ?? ""}
                        <span className="sr-only"> (Understanding document, opens in a new tab)</span>
                      </a>
                    ) : (
                      `${criterion.id} ${criterion.title ?? ""}`
                    )}
                    {criterion.level ? ` (level ${criterion.level})` : ""}
                  </li>
                ))}
              </ul>
            )}
            {finding.helpUrl ? (
              <p className="mt-1">
                <a href={finding.helpUrl} rel="noreferrer noopener" target="_blank">
                  Rule guidance for {finding.ruleId}
                  <span className="sr-only"> (opens in a new tab)</span>
                </a>
              </p>
            ) : null}
          </dd>
        </div>
        <div>
          <dt className="font-semibold">
            Occurs on {finding.occursOnTotal} page{finding.occursOnTotal === 1 ? "" : "s"}
          </dt>
          <dd>
            <ul className="flex flex-col gap-1">
              {finding.occursOn.map((page) => (
                <li key={page.pageId} className="break-all">
                  <Link href={pagesHref(page.pageId)}>{page.title || page.url}</Link>
                </li>
              ))}
            </ul>
            {finding.occursOnTotal > finding.occursOn.length ? <p className="text-slate-700">and {finding.occursOnTotal - finding.occursOn.length} more</p> : null}
          </dd>
        </div>
      </dl>
      {canTriage ? <CardTriage sessionId={sessionId} violationId={finding.id} status={finding.status} findingName={name} /> : null}
    </article>
  );
}

function Screenshot({ finding, where }: { finding: FindingEvidence; where: string }) {
  if (!finding.pageShot) return <p className="mt-3 text-sm text-slate-700">No screenshot was taken of this page.</p>;
  const fullPage = (
    <a href={`/api/v1/screenshots/${finding.pageShot.id}`} target="_blank" rel="noreferrer noopener">
      Full-page screenshot<span className="sr-only"> of {where} (opens in a new tab)</span>
    </a>
  );
  if (!finding.region) {
    return <p className="mt-3 text-sm">The element could not be located on the page screenshot (it may be hidden or outside the captured area). {fullPage}</p>;
  }
  const { region, pageShot } = finding;
  const view = evidenceView(region, pageShot);
  return (
    <figure className="mt-3">
      <svg
        role="img"
        aria-label={`Screenshot of ${where} with the failing element ${finding.selector} outlined`}
        viewBox={`${view.x} ${view.y} ${view.width} ${view.height}`}
        className="h-auto w-full max-w-2xl rounded border border-slate-400 bg-slate-100"
        data-evidence-view={`${view.x} ${view.y} ${view.width} ${view.height}`}
      >
        <image href={`/api/v1/screenshots/${pageShot.id}`} x={0} y={0} width={pageShot.width} height={pageShot.height} />
        {/* A white halo under a magenta outline: visible on light and dark pages alike. */}
        <rect x={region.x} y={region.y} width={region.width} height={region.height} fill="none" stroke="#ffffff" strokeWidth={7} />
        <rect
          x={region.x}
          y={region.y}
          width={region.width}
          height={region.height}
          fill="none"
          stroke="#a21caf"
          strokeWidth={3}
          data-highlight={`${region.x} ${region.y} ${region.width} ${region.height}`}
        />
      </svg>
      <figcaption className="mt-1 text-sm text-slate-700">The element is outlined in magenta. {fullPage}</figcaption>
    </figure>
  );
}
