/**
 * The conformance report as one self-contained HTML document (styles inline, screenshots as data
 * URIs): printable, readable at 320 px, and free of axe-core violations. The PDF is this document
 * printed by Chromium.
 */
import { OUTCOME_LABELS, PROPOSAL_LABELS, type CriterionOutcomeName } from "@/lib/audits/schema";
import { CRITERIA_SOURCE } from "@/lib/wcag/criteria";
import { ACR_LEVEL_LABELS, ACR_MAPPING_RULES } from "./conformance";
import type { EmbeddedImage, ReportCriterion, ReportData } from "./data";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function h(value: string | number | null | undefined): string {
  return String(value ?? "").replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

function date(value: Date | string | null): string {
  if (!value) return "—";
  return new Date(value).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

const STYLE = `
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#111827;background:#fff;line-height:1.5;margin:0;overflow-wrap:break-word}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.75rem;margin:.5rem 0}
h2{font-size:1.35rem;margin:2rem 0 .5rem;border-bottom:2px solid #1e3a8a;padding-bottom:.25rem}
h3{font-size:1.1rem;margin:1.5rem 0 .5rem}
h4{font-size:1rem;margin:1rem 0 .25rem}
a{color:#1d4ed8}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #9ca3af;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#e5e7eb}
.scroll{overflow-x:auto;margin:.5rem 0}
.verdict{border-left:6px solid #1e3a8a;background:#eff6ff;padding:.75rem 1rem;font-size:1.1rem}
.fail{color:#991b1b;font-weight:600}
.pass{color:#166534;font-weight:600}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;word-break:break-all;white-space:pre-wrap}
pre{background:#f3f4f6;padding:.5rem;margin:.25rem 0}
img{max-width:100%;height:auto;border:1px solid #6b7280}
dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0}
.criterion{break-inside:avoid-page}
@media (max-width:40rem){dl{grid-template-columns:minmax(0,1fr)}}
@media print{header,main,footer{max-width:none;padding:0}h2{break-after:avoid}a{color:#111827}.scroll{overflow:visible}}
`;

function image(img: EmbeddedImage, alt: string): string {
  const size = img.width && img.height ? ` width="${img.width}" height="${img.height}"` : "";
  return `<img src="data:${h(img.mimeType)};base64,${img.base64}" alt="${h(alt)}"${size}>`;
}

/** A table in a focusable, named region, so keyboard users can scroll it at 320 px. */
function table(label: string, head: string[], rows: string[][]): string {
  return `<div class="scroll" role="region" aria-label="${h(label)}" tabindex="0"><table><caption>${h(label)}</caption><thead><tr>${head
    .map((cell) => `<th scope="col">${h(cell)}</th>`)
    .join("")}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((cell, index) => (index === 0 ? `<th scope="row">${cell}</th>` : `<td>${cell}</td>`)).join("")}</tr>`).join("")}</tbody></table></div>`;
}

function countOutcomes(criteria: ReportCriterion[]): Record<CriterionOutcomeName, number> {
  const counts = { passed: 0, failed: 0, not_applicable: 0, cannot_tell: 0, untested: 0 };
  for (const row of criteria) counts[row.outcome] += 1;
  return counts;
}

function verdict(data: ReportData): string {
  const counts = countOutcomes(data.criteria);
  const total = data.criteria.length;
  const standard = `WCAG ${data.session.wcagVersion} level ${data.session.wcagLevel}`;
  const open = counts.untested + counts.cannot_tell;
  if (counts.failed > 0) {
    const pending = open > 0 ? `, and ${open} ${open === 1 ? "is" : "are"} not decided yet` : "";
    return `<span class="fail">Does not conform</span> to ${standard}: ${counts.failed} of ${total} success criteria fail${pending}.`;
  }
  if (open > 0) return `Not decided yet: ${open} of ${total} success criteria of ${standard} still need a verdict; none fails so far.`;
  return `<span class="pass">Conforms</span> to ${standard} on the ${plural(data.sampleSize, "page")} of the sample: every criterion passed or does not apply.`;
}

function summary(data: ReportData): string {
  const counts = countOutcomes(data.criteria);
  const failing = data.criteria.filter((row) => row.outcome === "failed").sort((a, b) => b.failingPages - a.failingPages);
  const openViolations = data.criteria.reduce((sum, row) => sum + row.automated.violations, 0);
  const decided = data.criteria.length - counts.untested;
  return `<section aria-labelledby="summary"><h2 id="summary">Summary</h2>
<p class="verdict">${verdict(data)}</p>
<p>${decided} of ${data.criteria.length} criteria decided by a tester. ${data.sampleSize > 0 ? `The sample has ${plural(data.sampleSize, "page")}.` : ""} ${
    data.engines.length > 0 ? `Automated checks found ${plural(openViolations, "open violation")} (a finding counts once for each criterion it breaks).` : "No automated scan was run."
  }</p>
${table(
  "Criteria by outcome",
  ["Outcome", "Criteria"],
  (Object.keys(counts) as CriterionOutcomeName[]).map((outcome) => [h(OUTCOME_LABELS[outcome]), String(counts[outcome])]),
)}
${
  failing.length > 0
    ? `<h3>What to fix first</h3><ol>${failing
        .slice(0, 5)
        .map((row) => `<li><a href="#sc-${h(row.criterion)}">${h(row.criterion)} ${h(row.title)}</a> (level ${h(row.level)}): fails on ${plural(row.failingPages, "page")}${row.notes ? ` — ${h(firstLine(row.notes))}` : ""}</li>`)
        .join("")}</ol>`
    : ""
}</section>`;
}

function firstLine(text: string): string {
  const line = text.split("\n")[0] ?? "";
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

function scopeSection(data: ReportData): string {
  const s = data.session;
  return `<section aria-labelledby="scope"><h2 id="scope">Scope and sample</h2>
<dl><dt>Project</dt><dd>${h(s.projectName)}</dd><dt>Site</dt><dd>${h(s.primaryUrl)}</dd><dt>Session</dt><dd>${h(s.name)}</dd>
<dt>Standard</dt><dd>WCAG ${h(s.wcagVersion)}, level ${h(s.wcagLevel)} (${data.criteria.length} success criteria)</dd>
<dt>Description</dt><dd>${h(s.description ?? "—")}</dd><dt>Tested</dt><dd>${date(s.startedAt)} to ${date(s.completedAt)}</dd></dl>
${
  data.pages.length > 0
    ? table(
        `Pages in the sample (${data.pages.length})`,
        ["Page", "Title", "Scan"],
        data.pages.map((page) => [h(page.url), h(page.title ?? "—"), h(page.state === "done" ? `scanned${page.httpStatus ? ` (HTTP ${page.httpStatus})` : ""}` : page.state)]),
      )
    : `<p>No pages were scanned; the tester's sample is the session scope${data.sampleSize > 0 ? ` (${plural(data.sampleSize, "page")})` : ""}.</p>`
}</section>`;
}

function methodSection(data: ReportData): string {
  const approach = { automated: "Automated scan", manual: "Manual testing", hybrid: "Automated scan with manual testing" }[data.session.approach];
  return `<section aria-labelledby="method"><h2 id="method">Method</h2>
<dl><dt>Approach</dt><dd>${h(approach)}</dd>
<dt>Automated engines</dt><dd>${data.engines.length > 0 ? data.engines.map((engine) => `${h(engine.engine)} ${h(engine.version)} (${plural(engine.pages, "page")})`).join(", ") : "None"}</dd>
<dt>Manual testing</dt><dd>${data.testers.length > 0 ? `By ${data.testers.map(h).join(", ")}, following the W3C test requirements (sufficient and failure techniques) of each criterion` : "No criterion has a tester's verdict yet"}</dd>
<dt>Automated results used</dt><dd>Open and confirmed findings; ${plural(data.triagedAway, "finding")} triaged as false positive, won't fix or fixed ${data.triagedAway === 1 ? "is" : "are"} left out. Automated findings propose a verdict; only the tester's outcome counts.</dd>
<dt>Criteria catalogue</dt><dd>${h(CRITERIA_SOURCE)}</dd></dl>
<h3 id="acr-mapping">How outcomes become conformance levels</h3>
${table(
  "Outcome to conformance level",
  ["Outcome", "Conformance level (ACR)", "Why"],
  ACR_MAPPING_RULES.map((rule) => [h(rule.outcome), h(rule.level), h(rule.why)]),
)}</section>`;
}

function criteriaTable(data: ReportData): string {
  return `<section aria-labelledby="criteria"><h2 id="criteria">Results by success criterion</h2>
${table(
  "Success criteria, outcome and remarks",
  ["Criterion", "Level", "Outcome", "Conformance level", "Remarks", "Automated"],
  data.criteria.map((row) => [
    `<a href="#sc-${h(row.criterion)}">${h(row.criterion)}</a> ${h(row.title)}`,
    h(row.level),
    h(OUTCOME_LABELS[row.outcome]),
    h(ACR_LEVEL_LABELS[row.acrLevel]),
    h(row.notes ?? ""),
    h(
      row.automated.violations + row.automated.needsReview > 0
        ? `${plural(row.automated.violations, "violation")}, ${row.automated.needsReview} to review`
        : PROPOSAL_LABELS[row.proposal].replace(/ \(.*\)$/, ""),
    ),
  ]),
)}</section>`;
}

function findings(data: ReportData): string {
  const withFindings = data.criteria.filter((row) => row.outcome === "failed" || row.manualInstances.length > 0 || row.automatedFindings.length > 0);
  const body = withFindings
    .map((row) => {
      const manual =
        row.manualInstances.length > 0
          ? `<h4>Recorded by the tester</h4><ul>${row.manualInstances
              .map(
                (instance) =>
                  `<li><p>${h(instance.description)}</p><p>Page: ${h(instance.pageUrl)}${instance.selector ? `<br>Element: <code>${h(instance.selector)}</code>` : ""}</p>${
                    instance.screenshot ? image(instance.screenshot, `Screenshot: ${instance.description.slice(0, 120)}`) : ""
                  }</li>`,
              )
              .join("")}</ul>`
          : "";
      const automated =
        row.automatedFindings.length > 0
          ? `<h4>Automated findings</h4><ul>${row.automatedFindings
              .map(
                (group) =>
                  `<li><p><strong>${h(group.ruleId)}</strong>${group.kind === "needs_review" ? " (needs review)" : ""}${group.impact ? `, ${h(group.impact)}` : ""}: ${h(group.help ?? "")} — ${plural(group.instances, "instance")} on ${plural(group.pages, "page")}${
                    group.instances > group.examples.length ? `, the first ${group.examples.length} shown (all are in the CSV export)` : ""
                  }.${group.helpUrl ? ` <a href="${h(group.helpUrl)}">Rule ${h(group.ruleId)} explained</a>` : ""}</p>${group.examples
                    .map(
                      (example) =>
                        `<p>Page: ${h(example.url)}<br>Element: <code>${h(example.selector)}</code></p><pre>${h(example.html)}</pre>${
                          example.screenshot ? image(example.screenshot, `Screenshot of ${example.selector.slice(0, 100)} on ${example.url}`) : ""
                        }`,
                    )
                    .join("")}</li>`,
              )
              .join("")}</ul>`
          : "";
      return `<article class="criterion" aria-labelledby="sc-${h(row.criterion)}"><h3 id="sc-${h(row.criterion)}">${h(row.criterion)} ${h(row.title)} (level ${h(row.level)})</h3>
<p>Outcome: <strong>${h(OUTCOME_LABELS[row.outcome])}</strong> — ${h(ACR_LEVEL_LABELS[row.acrLevel])}. <a href="${h(row.understanding)}">Understanding ${h(row.criterion)}</a></p>
${row.notes ? `<p>Remarks: ${h(row.notes)}</p>` : ""}${manual}${automated}</article>`;
    })
    .join("\n");
  return `<section aria-labelledby="findings"><h2 id="findings">Findings by criterion</h2>${withFindings.length > 0 ? body : "<p>No failures were recorded and no automated findings are open.</p>"}</section>`;
}

export function renderHtmlReport(data: ReportData): string {
  const title = `Accessibility conformance report: ${data.session.name}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title><style>${STYLE}</style></head>
<body><header><p>${h(data.session.projectName)} · Clearsight</p><h1>${h(title)}</h1><p>WCAG ${h(data.session.wcagVersion)} level ${h(data.session.wcagLevel)} · generated ${date(data.generatedAt)}</p></header>
<main>
${summary(data)}
${scopeSection(data)}
${methodSection(data)}
${criteriaTable(data)}
${findings(data)}
</main>
<footer><p>WCAG criterion titles are W3C material, Copyright © World Wide Web Consortium, under the <a href="https://www.w3.org/Consortium/Legal/copyright-documents">W3C Document License</a>.</p></footer>
</body></html>
`;
}
