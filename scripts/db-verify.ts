/**
 * `npm run db:verify`: compares the live database with the migrations and the Prisma schema.
 * Exit code 0 when they match (warnings allowed), 1 on drift or when the check cannot run.
 */
import pg from "pg";
import { withCliDatabase } from "@/lib/database/connect-cli";
import { formatSchemaReport, verifySchema } from "@/lib/schema-check/verify";

async function main(): Promise<number> {
  return withCliDatabase(async (databaseUrl) => {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      const report = await verifySchema(client);
      console.log(formatSchemaReport(report));
      return report.ok ? 0 : 1;
    } finally {
      await client.end();
    }
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`db:verify failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
