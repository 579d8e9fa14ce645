/**
 * Start-time check that the live database matches what this code expects, once migrations ran.
 * Returns a printable report of problems, or null when there are none (warnings are printed).
 */
import pg from "pg";
import { formatSchemaReport, verifySchema } from "@/lib/schema-check/verify";

export async function verifyLiveSchema(databaseUrl: string, log: (line: string) => void): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const report = await verifySchema(client);
    if (!report.ok) return formatSchemaReport(report);
    if (report.warnings.length > 0) log(formatSchemaReport(report));
    return null;
  } finally {
    await client.end();
  }
}
