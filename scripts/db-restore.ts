/**
 * `npm run db:restore <dir> [--dry-run] [--as <admin email>]`: validates a backup directory
 * (Clearsight's own, or the previous system's JSON files), then restores it in one transaction.
 * Rows that already exist are kept; rejected rows are listed with reasons. Exit code 0 when the
 * restore committed (or the dry run succeeded), 1 when the backup was refused or nothing changed
 * because of an error.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { withCliDatabase } from "@/lib/database/connect-cli";
import { BackupRejectedError } from "@/lib/backups/manifest";
import { createProgressPrinter } from "@/lib/backups/progress";
import { formatRestoreReport, restoreBackup } from "@/lib/backups/restore";

const USAGE = "Usage: npm run db:restore -- <backup dir> [--dry-run] [--as <admin email>]";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { "dry-run": { type: "boolean" }, as: { type: "string" }, help: { type: "boolean" } },
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
    return 0;
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
