import pg from "pg";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";
import { createHealthMonitor, type HealthMonitor } from "./health";

let databaseUrl: string;
let monitor: HealthMonitor;

beforeAll(async () => {
  // Its own database: this test renames a table.
  databaseUrl = await createTestDatabase(inject("databaseServerUrl"), "health");
  monitor = createHealthMonitor({ databaseUrl, recheckMs: 500 });
});

afterAll(async () => {
  await monitor?.close();
  await dropTestDatabase(databaseUrl);
});

async function sql(statement: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

it("answers from a cached schema verdict that flips to drift within the re-check interval, and re-verifies on demand", async () => {
  const first = await monitor.getHealth();
  expect(first).toMatchObject({ status: "healthy", database: "connected", schema: "ok", migrations: { pending: 0 } });
  // A second call inside the interval reuses the verdict instead of re-reading the catalog.
  expect((await monitor.getHealth()).schemaCheckedAt).toBe(first.schemaCheckedAt);

  await sql("ALTER TABLE audit_events RENAME TO audit_events_renamed");
  const changedAt = Date.now();
  let report = await monitor.getHealth();
  while (report.schema !== "drift" && Date.now() - changedAt < 5_000) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    report = await monitor.getHealth();
  }
  expect(report).toMatchObject({ status: "unhealthy", schema: "drift" });
  expect(report.findings?.map((finding) => finding.message).join("\n")).toMatch(/audit_events/);
  // The flip came from the periodic re-check: within one interval (plus the check's own time).
  expect(Date.parse(report.schemaCheckedAt!) - changedAt).toBeLessThan(500 + 2_000);

  await sql("ALTER TABLE audit_events_renamed RENAME TO audit_events");
  const forced = await monitor.getHealth({ verify: true });
  expect(forced).toMatchObject({ status: "healthy", schema: "ok" });
  expect(Date.parse(forced.schemaCheckedAt!)).toBeGreaterThan(Date.parse(report.schemaCheckedAt!));
});
