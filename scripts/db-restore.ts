/**
 * `npm run db:restore <dir> [--dry-run] [--allow-partial] [--as <admin email>]`: validates a
 * backup directory (Clearsight's own, or the previous system's JSON files), then restores it in
 * one transaction. Rows that already exist are kept, users are matched by email, rejected rows
 * are listed with reasons, and the last line says plainly how much of the backup is in the
 * database. Exit codes: 0 when every row of the backup is in the database; 2 when some rows
 * were rejected (the rest is committed; 0 with --allow-partial); 1 when the backup was refused
 * or an error changed nothing.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { withCliDatabase } from "@/lib/database/connect-cli";
import { BackupRejectedError } from "@/lib/backups/manifest";
import { createProgressPrinter } from "@/lib/backups/progress";
import { formatRestoreReport, restoreBackup, summarizeRestore } from "@/lib/backups/restore";

const USAGE = "Usage: npm run db:restore -- <backup dir> [--dry-run] [--allow-partial] [--as <admin email>]";
/** Some rows were rejected; the rest is in the database. */
const EXIT_PARTIAL = 2;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { "dry-run": { type: "boolean" }, "allow-partial": { type: "boolean" }, as: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 1;
  }
  const dir = path.resolve(positionals[0]!);
  return withCliDatabase(async (databaseUrl) => {
    const progress = createProgressPrinter();
    const report = await restoreBackup({ databaseUrl, dir, dryRun: values["dry-run"], asEmail: values.as, onProgress: progress });
    progress.finish();
    console.log(formatRestoreReport(report));
    return summarizeRestore(report).complete || values["allow-partial"] ? 0 : EXIT_PARTIAL;
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof BackupRejectedError) console.error(`${error.message}\nNothing was written.`);
    else console.error(`db:restore failed, nothing was changed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
