/**
 * Which database a command-line tool works on: DATABASE_URL when set, otherwise the app's
 * embedded cluster in <DATA_DIR>/postgres (database `clearsight`, as `npm start` names it),
 * started for the command and stopped after it.
 */
import path from "node:path";
import { withDatabase } from "@/lib/database/admin";
import { startEmbeddedPostgres } from "@/lib/database/embedded";
import { readEnv } from "@/lib/env";

export const EMBEDDED_DATABASE_NAME = "clearsight";

export async function withCliDatabase<T>(run: (databaseUrl: string) => Promise<T>): Promise<T> {
  const env = readEnv();
  if (env.DATABASE_URL) return run(env.DATABASE_URL);
  const root = path.join(path.resolve(env.DATA_DIR), "postgres");
  process.stderr.write(`DATABASE_URL is not set: using the embedded PostgreSQL in ${root}.\n`);
  const embedded = await startEmbeddedPostgres(root, (line) => process.stderr.write(`${line}\n`));
  try {
    return await run(withDatabase(embedded.serverUrl, EMBEDDED_DATABASE_NAME));
  } finally {
    await embedded.stop();
  }
}
