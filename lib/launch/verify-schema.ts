/**
 * Start-time check that the live database matches the Prisma schema, once migrations ran.
 * Returns a printable report of problems, or null when the schema is as expected.
 */
import pg from "pg";
import { getMigrationStatus } from "@/lib/database/migrations";

export async function verifyLiveSchema(databaseUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const status = await getMigrationStatus(client);
    const problems: string[] = [];
    if (status.pending > 0) problems.push(`pending migrations: ${status.pendingNames.join(", ")}`);
    if (status.failed.length > 0) problems.push(`failed migrations: ${status.failed.join(", ")}`);
    if (status.unknown.length > 0) {
      problems.push(`migrations applied by a newer version of Clearsight: ${status.unknown.join(", ")} (upgrade the code)`);
    }
    return problems.length > 0 ? problems.join("\n") : null;
  } finally {
    await client.end();
  }
}
