/**
 * JUnit XML and SARIF 2.1.0 from the JSON export, so CI systems show findings as failed tests
 * and code-scanning UIs as alerts. Triaged findings (false positive, won't fix, fixed) are
 * skipped tests / suppressed results; "needs review" items are skipped tests / results of kind "review".
 */
export type ExportedFinding = {
  id: string;
  page_url: string;
  page_title: string | null;
  rule_id: string;
  kind: "violation" | "needs_review";
  impact: "minor" | "moderate" | "serious" | "critical" | null;
  selector: string;
  html: string | null;
  summary: string | null;
  help: string | null;
  help_url: string | null;
  status: string;
  status_reason: string | null;
  fingerprint: string | null;
  wcag_criteria: string[];
  /** Which engines found it (engine, version, rule); absent in exports older than engines. */
  sources?: Array<{ engine: string; version: string; ruleId: string }>;
};

export type ExportedSession = { session: { id: string; name: string; status: string; completedAt: string | null }; findings: ExportedFinding[] };

const UNRESOLVED = new Set(["open", "confirmed"]);

function xml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest escaped.
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "").replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function describe(finding: ExportedFinding): string {
  return [
    finding.summary ?? finding.help ?? finding.rule_id,
    `Page: ${finding.page_url}`,
    `Element: ${finding.selector}`,
    finding.html ? `HTML: ${finding.html}` : "",
    finding.wcag_criteria.length > 0 ? `WCAG: ${finding.wcag_criteria.join(", ")}` : "",
    finding.help_url ? `Help: ${finding.help_url}` : "",
    finding.sources?.length ? `Found by: ${finding.sources.map((source) => `${source.engine} ${source.version} (${source.ruleId})`).join(", ")}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}

export function toJUnit(data: ExportedSession): string {
  const byPage = new Map<string, ExportedFinding[]>();
  for (const finding of data.findings) byPage.set(finding.page_url, [...(byPage.get(finding.page_url) ?? []), finding]);
  const suites = [...byPage].map(([url, findings]) => {
    const failures = findings.filter((finding) => finding.kind === "violation" && UNRESOLVED.has(finding.status)).length;
    const cases = findings.map((finding) => {
      const name = `${finding.rule_id} ${finding.selector}`;
      const head = `    <testcase classname="${xml(url)}" name="${xml(name)}">`;
      if (finding.kind === "needs_review") return `${head}\n      <skipped message="Needs review: ${xml(finding.help ?? finding.rule_id)}"/>\n    </testcase>`;
      if (!UNRESOLVED.has(finding.status)) {
        return `${head}\n      <skipped message="Triaged as ${xml(finding.status)}${finding.status_reason ? `: ${xml(finding.status_reason)}` : ""}"/>\n    </testcase>`;
      }
      return `${head}\n      <failure type="${xml(finding.impact ?? "unknown")}" message="${xml(finding.help ?? finding.rule_id)}">${xml(describe(finding))}</failure>\n    </testcase>`;
    });
    const skipped = findings.length - failures;
    return `  <testsuite name="${xml(url)}" tests="${findings.length}" failures="${failures}" errors="0" skipped="${skipped}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  const total = data.findings.length;
  const failures = data.findings.filter((finding) => finding.kind === "violation" && UNRESOLVED.has(finding.status)).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(`Clearsight: ${data.session.name}`)}" tests="${total}" failures="${failures}" errors="0">\n${suites.join("\n")}${suites.length > 0 ? "\n" : ""}</testsuites>\n`;
}

const SARIF_LEVEL: Record<string, "error" | "warning" | "note"> = { critical: "error", serious: "error", moderate: "warning", minor: "note" };

export function toSarif(data: ExportedSession, serverUrl: string) {
  const rules = new Map<string, { id: string; name: string; shortDescription: { text: string }; helpUri?: string; properties: { tags: string[] } }>();
  for (const finding of data.findings) {
    if (rules.has(finding.rule_id)) continue;
    rules.set(finding.rule_id, {
      id: finding.rule_id,
      name: finding.rule_id,
      shortDescription: { text: finding.help ?? finding.rule_id },
      ...(finding.help_url ? { helpUri: finding.help_url } : {}),
      properties: { tags: ["accessibility", ...finding.wcag_criteria.map((criterion) => `WCAG ${criterion}`)] },
    });
  }
  const ruleIndex = new Map([...rules.keys()].map((id, index) => [id, index]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "Clearsight", informationUri: serverUrl, rules: [...rules.values()] } },
        automationDetails: { id: `clearsight/${data.session.id}` },
        results: data.findings.map((finding) => ({
          ruleId: finding.rule_id,
          ruleIndex: ruleIndex.get(finding.rule_id),
          kind: finding.kind === "needs_review" ? "review" : "fail",
          // SARIF: a result whose kind is not "fail" has level "none".
          level: finding.kind === "needs_review" ? "none" : (SARIF_LEVEL[finding.impact ?? ""] ?? "warning"),
          message: { text: describe(finding) },
          locations: [
            {
              physicalLocation: { artifactLocation: { uri: finding.page_url }, ...(finding.html ? { region: { snippet: { text: finding.html } } } : {}) },
              logicalLocations: [{ fullyQualifiedName: finding.selector, kind: "element" }],
            },
          ],
          ...(finding.fingerprint ? { partialFingerprints: { "clearsight/v1": finding.fingerprint } } : {}),
          ...(UNRESOLVED.has(finding.status) ? {} : { suppressions: [{ kind: "external", status: "accepted", justification: finding.status_reason ?? finding.status }] }),
          properties: { impact: finding.impact, status: finding.status, wcag: finding.wcag_criteria, foundBy: finding.sources ?? [] },
        })),
      },
    ],
  };
}
