/**
 * A session's report in the asked format, ready to send: the body, its type and a file name.
 * csv and json are the findings exports of lib/results/export.ts, streamed as before.
 */
import { exportFindings } from "@/lib/results/export";
import { resolveSessionRun } from "@/lib/runs/queries";
import { gatherReportData } from "./data";
import { buildEarl } from "./earl";
import { renderHtmlReport } from "./html";
import { buildOpenAcr } from "./openacr";
import { renderPdf } from "./pdf";
import type { ReportFormat } from "./schema";

export type ReportFile = { body: BodyInit; contentType: string; filename: string };

const TYPES: Record<Exclude<ReportFormat, "csv" | "json">, { contentType: string; extension: string }> = {
  html: { contentType: "text/html; charset=utf-8", extension: "html" },
  pdf: { contentType: "application/pdf", extension: "pdf" },
  openacr: { contentType: "application/yaml; charset=utf-8", extension: "openacr.yaml" },
  earl: { contentType: "application/ld+json; charset=utf-8", extension: "earl.jsonld" },
};

export async function generateReport(sessionId: string, format: ReportFormat): Promise<ReportFile> {
  if (format === "csv" || format === "json") {
    const file = await exportFindings(await resolveSessionRun(sessionId), format);
    return { body: file.stream, contentType: file.contentType, filename: file.filename };
  }
  const data = await gatherReportData(sessionId);
  const filename = `clearsight-report-${data.session.id.slice(0, 8)}-${data.generatedAt.toISOString().slice(0, 10)}.${TYPES[format].extension}`;
  const { contentType } = TYPES[format];
  switch (format) {
    case "html":
      return { body: renderHtmlReport(data), contentType, filename };
    case "pdf": {
      const pdf = await renderPdf(renderHtmlReport(data), `${data.session.projectName} — ${data.session.name}`);
      return { body: new Uint8Array(pdf), contentType, filename };
    }
    case "openacr":
      return { body: buildOpenAcr(data), contentType, filename };
    case "earl":
      return { body: `${JSON.stringify(buildEarl(data), null, 2)}\n`, contentType, filename };
  }
}
