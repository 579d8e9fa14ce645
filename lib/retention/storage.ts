/**
 * The admin page's storage report: how much of the database each project takes, and what the
 * retention rules would free if a pass ran now.
 *
 * PostgreSQL sizes tables, not rows, so a project's share is an estimate: each results table's
 * total size (pg_total_relation_size: heap, indexes and TOAST) split by the project's share of
 * its rows, and for screenshots by its share of the image bytes, which is where their space
 * goes. What retention would free is estimated the same way from the rows of the runs
 * ./plan.ts picks. Space freed by deleting rows is reused by PostgreSQL for new rows; the files
 * shrink only with VACUUM FULL.
 */
import { queryRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { planRetentionSql } from "./plan";

const TABLES = ["scan_runs", "page_results", "violations", "screenshots"] as const;
type Table = (typeof TABLES)[number];

export type RowCounts = { runs: number; pageResults: number; findings: number; screenshots: number };

export type ProjectStorage = {
  projectId: string;
  name: string;
  status: string;
  rows: RowCounts;
  /** Estimated bytes of the project's runs, pages, findings and screenshots. */
  bytes: number;
  /** What a retention pass now would remove (runs: whole runs; screenshots include those of runs that only lose screenshots). */
  reclaimable: RowCounts & { bytes: number };
};

export type StorageReport = { databaseBytes: number; resultsBytes: number; projects: ProjectStorage[] };

type TableTotals = { table: Table; bytes: number; rows: number; imageBytes: number };

type ProjectRows = {
  projectId: string;
  name: string;
  status: string;
  runs: number;
  pageResults: number;
  findings: number;
  screenshots: number;
  imageBytes: number;
  freeRuns: number;
  freePageResults: number;
  freeFindings: number;
  freeScreenshots: number;
  freeImageBytes: number;
};

const number = (value: unknown) => Number(value ?? 0);

export async function getStorageReport(now = new Date()): Promise<StorageReport> {
  const [totals, [database], rows] = await Promise.all([
    queryRows<TableTotals>(Prisma.sql`
      SELECT t.name AS "table", pg_total_relation_size(t.name::regclass)::float8 AS bytes,
             CASE t.name
               WHEN 'scan_runs' THEN (SELECT count(*) FROM scan_runs)
               WHEN 'page_results' THEN (SELECT count(*) FROM page_results)
               WHEN 'violations' THEN (SELECT count(*) FROM violations)
               ELSE (SELECT count(*) FROM screenshots) END::float8 AS rows,
             CASE WHEN t.name = 'screenshots' THEN (SELECT coalesce(sum(octet_length(data)), 0) FROM screenshots) ELSE 0 END::float8 AS "imageBytes"
      FROM unnest(${[...TABLES]}::text[]) AS t(name)`),
    queryRows<{ bytes: number }>(Prisma.sql`SELECT pg_database_size(current_database())::float8 AS bytes`),
    queryRows<ProjectRows>(Prisma.sql`
      WITH plan AS (${planRetentionSql({ now })}),
      runs AS (
        SELECT s.project_id, count(*) AS runs, count(*) FILTER (WHERE plan."removeRun") AS free_runs
        FROM scan_runs r JOIN test_sessions s ON s.id = r.session_id LEFT JOIN plan ON plan."runId"::uuid = r.id
        GROUP BY s.project_id
      ), pages AS (
        SELECT s.project_id, count(*) AS pages, count(*) FILTER (WHERE plan."removeRun") AS free_pages
        FROM page_results p JOIN test_sessions s ON s.id = p.session_id LEFT JOIN plan ON plan."runId"::uuid = p.run_id
        GROUP BY s.project_id
      ), findings AS (
        SELECT s.project_id, count(*) AS findings, count(*) FILTER (WHERE plan."removeRun") AS free_findings
        FROM violations v JOIN test_sessions s ON s.id = v.session_id LEFT JOIN plan ON plan."runId"::uuid = v.run_id
        GROUP BY s.project_id
      ), shots AS (
        SELECT s.project_id, count(*) AS shots, coalesce(sum(octet_length(x.data)), 0) AS image_bytes,
               count(plan."runId") AS free_shots, coalesce(sum(octet_length(x.data)) FILTER (WHERE plan."runId" IS NOT NULL), 0) AS free_image_bytes
        FROM screenshots x JOIN test_sessions s ON s.id = x.session_id LEFT JOIN plan ON plan."runId"::uuid = x.run_id
        GROUP BY s.project_id
      )
      SELECT p.id::text AS "projectId", p.name, p.status::text AS status,
             coalesce(runs.runs, 0)::float8 AS runs, coalesce(pages.pages, 0)::float8 AS "pageResults",
             coalesce(findings.findings, 0)::float8 AS findings, coalesce(shots.shots, 0)::float8 AS screenshots,
             coalesce(shots.image_bytes, 0)::float8 AS "imageBytes",
             coalesce(runs.free_runs, 0)::float8 AS "freeRuns", coalesce(pages.free_pages, 0)::float8 AS "freePageResults",
             coalesce(findings.free_findings, 0)::float8 AS "freeFindings", coalesce(shots.free_shots, 0)::float8 AS "freeScreenshots",
             coalesce(shots.free_image_bytes, 0)::float8 AS "freeImageBytes"
      FROM projects p
      LEFT JOIN runs ON runs.project_id = p.id LEFT JOIN pages ON pages.project_id = p.id
      LEFT JOIN findings ON findings.project_id = p.id LEFT JOIN shots ON shots.project_id = p.id`),
  ]);
  const table = new Map(totals.map((total) => [total.table, { bytes: number(total.bytes), rows: number(total.rows), imageBytes: number(total.imageBytes) }]));
  const share = (name: Table, rows: number, imageBytes = 0) => {
    const total = table.get(name);
    if (!total || total.bytes === 0) return 0;
    if (name === "screenshots" && total.imageBytes > 0) return (total.bytes * imageBytes) / total.imageBytes;
    return total.rows === 0 ? 0 : (total.bytes * rows) / total.rows;
  };
  const estimate = (counts: RowCounts, imageBytes: number) =>
    Math.round(share("scan_runs", counts.runs) + share("page_results", counts.pageResults) + share("violations", counts.findings) + share("screenshots", counts.screenshots, imageBytes));
  const projects = rows
    .map((row): ProjectStorage => {
      const held = { runs: number(row.runs), pageResults: number(row.pageResults), findings: number(row.findings), screenshots: number(row.screenshots) };
      const free = { runs: number(row.freeRuns), pageResults: number(row.freePageResults), findings: number(row.freeFindings), screenshots: number(row.freeScreenshots) };
      return { projectId: row.projectId, name: row.name, status: row.status, rows: held, bytes: estimate(held, number(row.imageBytes)), reclaimable: { ...free, bytes: estimate(free, number(row.freeImageBytes)) } };
    })
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
  const resultsBytes = TABLES.reduce((sum, name) => sum + (table.get(name)?.bytes ?? 0), 0);
  return { databaseBytes: number(database?.bytes), resultsBytes, projects };
}
