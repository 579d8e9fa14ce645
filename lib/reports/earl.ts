/**
 * The audit in W3C's Evaluation and Report Language as JSON-LD: one assertion per criterion in
 * scope, asserted by the tester who decided it (or by Clearsight while untested), with the
 * failure instances as CSS selector pointers into their pages. The context is inline, so the
 * document expands without fetching anything.
 */
import type { CriterionOutcomeName } from "@/lib/audits/schema";
import type { ReportData } from "./data";

const EARL_OUTCOMES: Record<CriterionOutcomeName, string> = {
  passed: "earl:passed",
  failed: "earl:failed",
  not_applicable: "earl:inapplicable",
  cannot_tell: "earl:cantTell",
  untested: "earl:untested",
};

const CONTEXT = {
  earl: "http://www.w3.org/ns/earl#",
  dct: "http://purl.org/dc/terms/",
  foaf: "http://xmlns.com/foaf/0.1/",
  ptr: "http://www.w3.org/2009/pointers#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  "dct:date": { "@type": "xsd:dateTime" },
};

/** Criteria are identified by their anchors in the WCAG Recommendation, as WCAG-EM reports do. */
function criterionUri(version: string, understanding: string): string {
  const slug = understanding.split("/").pop()!.replace(/\.html$/, "");
  return `https://www.w3.org/TR/WCAG${version.replace(".", "")}/#${slug}`;
}

export function buildEarl(data: ReportData) {
  const tool = { "@id": "urn:clearsight:tool", "@type": ["earl:Assertor", "earl:Software"], "dct:title": "Clearsight" };
  const subject = { "@id": data.session.primaryUrl, "@type": "earl:TestSubject", "dct:title": data.session.projectName, "dct:description": `Audit session "${data.session.name}"` };
  const assertions = data.criteria.map((row) => {
    const pointers = row.manualInstances.map((instance) => ({
      "@type": "ptr:CSSSelectorPointer",
      "ptr:expression": instance.selector ?? "html",
      "ptr:reference": { "@id": instance.pageUrl },
      "dct:description": instance.description,
    }));
    const automated = row.automated.violations + row.automated.needsReview > 0;
    return {
      "@id": `urn:clearsight:session:${data.session.id}:${row.criterion}`,
      "@type": "earl:Assertion",
      "earl:assertedBy": row.testedBy ? { "@id": `urn:clearsight:user:${row.testedBy.id}`, "@type": ["earl:Assertor", "foaf:Person"], "foaf:name": row.testedBy.name } : tool,
      "earl:subject": subject,
      "earl:test": { "@id": criterionUri(data.session.wcagVersion, row.understanding), "@type": "earl:TestRequirement", "dct:title": `${row.criterion} ${row.title}`, "dct:description": `Level ${row.level}` },
      "earl:mode": { "@id": row.outcome === "untested" ? (automated ? "earl:automatic" : "earl:unknownMode") : automated ? "earl:semiAuto" : "earl:manual" },
      "earl:result": {
        "@type": "earl:TestResult",
        "earl:outcome": { "@id": EARL_OUTCOMES[row.outcome] },
        ...(row.notes ? { "dct:description": row.notes } : {}),
        ...(row.testedAt ? { "dct:date": row.testedAt } : {}),
        ...(pointers.length > 0 ? { "earl:pointer": pointers } : {}),
      },
    };
  });
  const report = {
    "@id": `urn:clearsight:session:${data.session.id}`,
    "@type": "foaf:Document",
    "dct:title": `Accessibility evaluation: ${data.session.name}`,
    "dct:date": data.generatedAt.toISOString(),
    "dct:description": `WCAG ${data.session.wcagVersion} level ${data.session.wcagLevel}`,
    "dct:hasPart": assertions.map((assertion) => ({ "@id": assertion["@id"] })),
  };
  return { "@context": CONTEXT, "@graph": [report, ...assertions] };
}
