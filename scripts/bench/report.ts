/**
 * `npm run bench:report`: loads a hybrid session of 500 scanned pages (5,000 findings over six
 * rules, page screenshots with element regions, a verdict and remarks on all 55 WCAG 2.2 AA
 * criteria, failure instances) into the scratch database clearsight_bench_report on
 * DATABASE_URL's server, then times the PDF report end to end (results read, HTML built,
 * Chromium printing) against a floor measured in the same run: the same Chromium printing a
 * one-line report. Target: the 500-page PDF within 60 s. Options: --pages <n> (default 500),
 * --runs <n> (default 3), --keep (keep the scratch database).
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import sharp from "sharp";
import { dropDatabase, ensureDatabase, withDatabase } from "@/lib/database/admin";
import { deployMigrations } from "@/lib/database/migrations";
import { disconnectDb } from "@/lib/db";
import { readEnv, requireEnv, resetEnvCache } from "@/lib/env";
import { criteriaInScope } from "@/lib/wcag/criteria";

const BENCH_DATABASE = "clearsight_bench_report";
const RULES = [
  { rule: "image-alt", criteria: ["1.1.1"], impact: "critical" },
  { rule: "color-contrast", criteria: ["1.4.3"], impact: "serious" },
  { rule: "label", criteria: ["1.3.1", "4.1.2"], impact: "critical" },
  { rule: "link-name", criteria: ["2.4.4", "4.1.2"], impact: "serious" },
  { rule: "html-has-lang", criteria: ["3.1.1"], impact: "serious" },
  { rule: "duplicate-id-aria", criteria: ["4.1.2"], impact: "critical" },
];
const FINDINGS_PER_PAGE = 10;

async function load(client: pg.Client, pages: number): Promise<string> {
  const started = performance.now();
  const shot = await sharp({ create: { width: 1280, height: 2000, channels: 3, background: "#e5e7eb" } })
    .composite([{ input: { text: { text: "Bench page", dpi: 300 } }, top: 40, left: 40 }])
    .jpeg({ quality: 70 })
    .toBuffer();
  await client.query("BEGIN");
  const user = (await client.query<{ id: string }>(`INSERT INTO users (id, email, name, password_hash, role, updated_at) VALUES (gen_random_uuid(), 'bench@example.test', 'Bench Tester', 'x', 'TESTER', now()) RETURNING id`)).rows[0]!.id;
  const project = (await client.query<{ id: string }>(`INSERT INTO projects (id, name, primary_url, created_by, updated_at) VALUES (gen_random_uuid(), 'Bench shop', 'https://shop.example.org/', $1, now()) RETURNING id`, [user])).rows[0]!.id;
  const session = (
    await client.query<{ id: string }>(
      `INSERT INTO test_sessions (id, project_id, name, status, testing_approach, created_by, updated_at, started_at, completed_at, scope)
       VALUES (gen_random_uuid(), $1, 'Bench audit', 'completed', 'hybrid', $2, now(), now(), now(), '{"urls":["https://shop.example.org/"]}') RETURNING id`,
      [project, user],
    )
  ).rows[0]!.id;
  await client.query(`INSERT INTO scan_runs (id, session_id, number, status, started_at, completed_at, updated_at) VALUES (gen_random_uuid(), $1, 1, 'completed', now(), now(), now())`, [session]);
  await client.query(
    `INSERT INTO page_results (id, session_id, run_id, url, title, state, http_status, engine, engine_version, passes, scanned_at, updated_at)
     SELECT gen_random_uuid(), $1, (SELECT id FROM scan_runs WHERE session_id = $1), 'https://shop.example.org/products/' || n, 'Product ' || n, 'done', 200, 'axe-core', '4.14.1', 40, now(), now()
     FROM generate_series(1, $2::int) AS n`,
    [session, pages],
  );
  await client.query(
    `INSERT INTO screenshots (id, session_id, run_id, page_result_id, kind, mime_type, width, height, data)
     SELECT gen_random_uuid(), $1, p.run_id, p.id, 'page', 'image/jpeg', 1280, 2000, $2 FROM page_results p WHERE p.session_id = $1`,
    [session, shot],
  );
  // Ten findings a page, the rules taken in turn; every seventh needs review.
  await client.query(
    `INSERT INTO violations (id, session_id, run_id, page_result_id, rule_id, kind, impact, wcag_criteria, tags, selector, html, help, help_url, fingerprint, updated_at)
     SELECT gen_random_uuid(), $1, p.run_id, p.id, r.rule, (CASE WHEN n % 7 = 0 THEN 'needs_review' ELSE 'violation' END)::"FindingKind", r.impact::"Impact",
            r.criteria, ARRAY['wcag2a'], '#main > div:nth-child(' || n || ') > a', '<a href="/p/' || n || '"><img src="/i/' || n || '.png"></a>',
            'Help for ' || r.rule, 'https://dequeuniversity.com/rules/axe/4.14/' || r.rule, md5(r.rule || n || p.url), now()
     FROM page_results p
     CROSS JOIN generate_series(1, $2::int) AS n
     JOIN ROWS FROM (json_to_recordset($3::json) AS (rule text, criteria text[], impact text)) WITH ORDINALITY AS r(rule, criteria, impact, ord)
       ON r.ord = 1 + (n + split_part(p.url, '/', 5)::int) % ${RULES.length}
     WHERE p.session_id = $1`,
    [session, FINDINGS_PER_PAGE, JSON.stringify(RULES)],
  );
  await client.query(
    `INSERT INTO screenshots (id, session_id, run_id, page_result_id, violation_id, kind, mime_type, width, height, clip_x, clip_y)
     SELECT gen_random_uuid(), v.session_id, v.run_id, v.page_result_id, v.id, 'element', 'image/jpeg', 300, 120, 20, 200 FROM violations v WHERE v.session_id = $1`,
    [session],
  );
  const outcomes = ["passed", "failed", "not_applicable", "passed", "cannot_tell"];
  for (const [index, criterion] of criteriaInScope("2.2", "AA").entries()) {
    const outcome = outcomes[index % outcomes.length]!;
    const result = await client.query<{ id: string }>(
      `INSERT INTO criterion_results (id, session_id, criterion, outcome, notes, tested_by, tested_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3::"CriterionOutcome", $4, $5, now(), now()) RETURNING id`,
      [session, criterion.id, outcome, `Remarks on ${criterion.id}: checked on the product pages with keyboard and screen reader.`, user],
    );
    if (outcome === "failed") {
      await client.query(
        `INSERT INTO criterion_instances (id, criterion_result_id, page_url, selector, description, created_by)
         SELECT gen_random_uuid(), $1, 'https://shop.example.org/products/' || n, '#buy', 'Fails here: the control cannot be reached.', $2 FROM generate_series(1, 3) AS n`,
        [result.rows[0]!.id, user],
      );
    }
  }
  await client.query("COMMIT");
  await client.query("ANALYZE");
  const { rows } = await client.query<{ findings: number }>("SELECT count(*)::int AS findings FROM violations");
  console.log(`Loaded ${pages} pages, ${rows[0]!.findings} findings and 55 criterion verdicts in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return session;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { pages: { type: "string", default: "500" }, runs: { type: "string", default: "3" }, keep: { type: "boolean", default: false } } });
  const pages = Number(values.pages);
  const runs = Number(values.runs);
  const benchUrl = withDatabase(requireEnv("DATABASE_URL"), BENCH_DATABASE);
  await dropDatabase(benchUrl);
  await ensureDatabase(benchUrl);
  try {
    await deployMigrations(benchUrl);
    const client = new pg.Client({ connectionString: benchUrl });
    await client.connect();
    let sessionId: string;
    try {
      sessionId = await load(client, pages);
    } finally {
      await client.end();
    }
    process.env.DATABASE_URL = benchUrl;
    resetEnvCache();
    if (readEnv().DATABASE_URL !== benchUrl) throw new Error("Could not point the app's database client at the bench database.");
    const { generateReport } = await import("@/lib/reports/generate");
    const { renderPdf } = await import("@/lib/reports/pdf");

    const floor: number[] = [];
    const full: number[] = [];
    const html: number[] = [];
    let bytes = 0;
    for (let run = 1; run <= runs; run++) {
      let started = performance.now();
      await renderPdf("<!DOCTYPE html><html lang=\"en\"><title>Floor</title><h1>Report</h1><p>One line.</p></html>", "Floor");
      floor.push((performance.now() - started) / 1000);
      started = performance.now();
      const htmlFile = await generateReport(sessionId, "html");
      html.push((performance.now() - started) / 1000);
      started = performance.now();
      const pdf = await generateReport(sessionId, "pdf");
      full.push((performance.now() - started) / 1000);
      bytes = (pdf.body as Uint8Array).byteLength;
      console.log(
        `run ${run}/${runs}: floor ${floor.at(-1)!.toFixed(2)} s, HTML ${html.at(-1)!.toFixed(2)} s (${Math.round(String(htmlFile.body).length / 1024)} KB), PDF ${full.at(-1)!.toFixed(2)} s (${Math.round(bytes / 1024)} KB)`,
      );
    }
    const pdfMedian = median(full);
    const floorMedian = median(floor);
    console.log(`\n${pages}-page session, median of ${runs} runs:`);
    console.log(`  floor (Chromium prints a one-line report)  ${floorMedian.toFixed(2)} s`);
    console.log(`  HTML report                                ${median(html).toFixed(2)} s`);
    console.log(`  PDF report                                 ${pdfMedian.toFixed(2)} s  (${(pdfMedian / floorMedian).toFixed(1)}x the floor)`);
    console.log(pdfMedian < 60 ? "\nThe PDF is within the 60 s target." : `\nThe PDF took ${pdfMedian.toFixed(1)} s, over the 60 s target.`);
    await disconnectDb();
    return pdfMedian < 60 ? 0 : 1;
  } finally {
    if (!values.keep) await dropDatabase(benchUrl);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:report failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
