/**
 * Streamed CSV and JSON exports of a run's findings. Rows are read in keyset-paginated
 * batches and written to a ReadableStream as the client reads, so memory stays flat however
 * many findings there are. Pages that could not be scanned come first (CSV rows of kind
 * `page_error`, JSON `pagesWithErrors`), so a failure is never silently missing from a report.
 * Every row says whether its page was scanned signed in (`authenticated`) and which engines found
 * it (CSV `found_by`, JSON `sources`: engine, version, rule and the kind that engine gave it); the
 * JSON's run lists the engines the run used with their versions.
 */
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { describeFindingSources } from "@/lib/scans/engines/catalog";
import type { FindingSource } from "@/lib/scans/engines/engine";

const BATCH = 1_000;

export const EXPORT_COLUMNS = [
  "page_url",
  "page_title",
  "rule_id",
  "kind",
  "impact",
  "wcag_criteria",
  "selector",
  "html",
  "summary",
  "help",
  "help_url",
  "status",
  "status_reason",
  "fingerprint",
  "page_error",
  "authenticated",
  "found_by",
] as const;

type ExportRow = Record<Exclude<(typeof EXPORT_COLUMNS)[number], "found_by">, string | null> & { id: string; sources: FindingSource[] | null };

/** RFC 4180 quoting, plus a leading apostrophe on cells a spreadsheet would run as a formula. */
export function csvCell(value: string | null): string {
  if (value === null) return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: ReadonlyArray<string | null>): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

type ErrorPageRow = { id: string; page_url: string; page_title: string | null; http_status: number | null; page_error: string | null; authenticated: boolean };

async function* readErrorPages(runId: string): AsyncGenerator<ErrorPageRow[]> {
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await db.$queryRaw<ErrorPageRow[]>`
      SELECT p.id::text AS id, p.url AS page_url, p.title AS page_title, p.http_status, p.error AS page_error, p.authenticated
      FROM page_results p
      WHERE p.run_id = ${runId}::uuid AND p.state = 'error' AND p.id > ${after}::uuid
      ORDER BY p.id
      LIMIT ${BATCH}`;
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
    if (rows.length < BATCH) return;
  }
}

async function* readRows(runId: string, kind: "violation" | "needs_review" | "all"): AsyncGenerator<ExportRow[]> {
  let after = "00000000-0000-0000-0000-000000000000";
  const kindFilter = kind === "all" ? Prisma.empty : Prisma.sql`AND v.kind::text = ${kind}`;
  for (;;) {
    const rows = await db.$queryRaw<ExportRow[]>`
      SELECT v.id::text AS id, p.url AS page_url, p.title AS page_title, v.rule_id, v.kind::text AS kind, v.impact::text AS impact,
             array_to_string(v.wcag_criteria, ' ') AS wcag_criteria, v.selector, v.html, v.summary, v.help, v.help_url,
             v.status::text AS status, v.status_reason, v.fingerprint, NULL::text AS page_error, p.authenticated::text AS authenticated, v.sources
      FROM violations v JOIN page_results p ON p.id = v.page_result_id
      WHERE v.run_id = ${runId}::uuid AND v.id > ${after}::uuid ${kindFilter}
      ORDER BY v.id
      LIMIT ${BATCH}`;
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
    if (rows.length < BATCH) return;
  }
}

export async function exportFindings(runId: string, format: "csv" | "json", kind: "violation" | "needs_review" | "all" = "all") {
  const run = await db.scanRun.findUnique({
    where: { id: runId },
    select: { id: true, number: true, status: true, startedAt: true, completedAt: true, engineVersions: true, session: { select: { id: true, name: true, status: true } } },
  });
  if (!run) throw notFound("Scan run");
  const { session } = run;
  const encoder = new TextEncoder();
  const errorPages = readErrorPages(runId);
  const batches = readRows(runId, kind);
  let started = false;
  let errorsDone = false;
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // A pull must enqueue something (or close): the stream does not ask again on its own.
        for (;;) {
          if (!started) {
            started = true;
            controller.enqueue(
              encoder.encode(
                format === "csv"
                  ? csvLine([...EXPORT_COLUMNS])
                  : `{"session":${JSON.stringify({ id: session.id, name: session.name, status: session.status })},"run":${JSON.stringify({ id: run.id, number: run.number, status: run.status, startedAt: run.startedAt, completedAt: run.completedAt, engines: run.engineVersions })},"pagesWithErrors":[`,
              ),
            );
            return;
          }
          if (!errorsDone) {
            const failed = await errorPages.next();
            if (failed.done) {
              errorsDone = true;
              first = true;
              if (format === "json") {
                controller.enqueue(encoder.encode(`],"findings":[`));
                return;
              }
              continue;
            }
            let chunk = "";
            for (const { id: _id, ...page } of failed.value) {
              if (format === "csv") {
                const cells: Record<string, string | null> = {
                  page_url: page.page_url,
                  page_title: page.page_title,
                  kind: "page_error",
                  page_error: page.page_error,
                  authenticated: String(page.authenticated),
                };
                chunk += csvLine(EXPORT_COLUMNS.map((column) => cells[column] ?? null));
              } else {
                chunk += `${first ? "" : ","}${JSON.stringify({ url: page.page_url, title: page.page_title, httpStatus: page.http_status, error: page.page_error, authenticated: page.authenticated })}`;
                first = false;
              }
            }
            controller.enqueue(encoder.encode(chunk));
            return;
          }
          const next = await batches.next();
          if (next.done) {
            if (format === "json") controller.enqueue(encoder.encode("]}\n"));
            controller.close();
            return;
          }
          let chunk = "";
          for (const row of next.value) {
            const sources = row.sources ?? [];
            if (format === "csv") chunk += csvLine(EXPORT_COLUMNS.map((column) => (column === "found_by" ? describeFindingSources(sources) : row[column])));
            else {
              const { id, wcag_criteria, page_error: _pageError, authenticated, sources: _sources, ...rest } = row;
              chunk += `${first ? "" : ","}${JSON.stringify({ id, ...rest, wcag_criteria: wcag_criteria ? wcag_criteria.split(" ") : [], authenticated: authenticated === "true", sources })}`;
              first = false;
            }
          }
          controller.enqueue(encoder.encode(chunk));
          return;
        }
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await errorPages.return(undefined);
      await batches.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return {
    stream,
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
    filename: `clearsight-${session.id.slice(0, 8)}-run${run.number}-${stamp}.${format}`,
  };
}

/** The export as a download response. */
export async function exportFindingsResponse(runId: string, format: "csv" | "json", kind: "violation" | "needs_review" | "all"): Promise<Response> {
  const file = await exportFindings(runId, format, kind);
  return new Response(file.stream, {
    headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.filename}"`, "cache-control": "no-store" },
  });
}
