/**
 * `npm run db:backup [-- --out <dir>]`: writes a backup directory (manifest.json + one JSON
 * Lines file per table) from one consistent snapshot. Default location:
 * <BACKUP_DIR or DATA_DIR/backups>/<timestamp>. Progress goes to stderr, the directory to stdout.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { createBackup } from "@/lib/backups/backup";
import { createProgressPrinter } from "@/lib/backups/progress";
import { withCliDatabase } from "@/lib/database/connect-cli";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: "string" }, help: { type: "boolean" } } });
  if (values.help) {
    console.error("Usage: npm run db:backup [-- --out <dir>]");
    return 0;
  }
  return withCliDatabase(async (databaseUrl) => {
    const progress = createProgressPrinter();
    const result = await createBackup({ databaseUrl, outDir: values.out ? path.resolve(values.out) : undefined, onProgress: progress });
    progress.finish();
    const { rows, bytes } = result.manifest.totals;
    console.error(
      `Backup written: ${rows.toLocaleString("en-US")} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB in ${(result.durationMs / 1000).toFixed(1)}s. ` +
        `Check it with: npm run db:backup:verify -- ${result.dir}`,
    );
    console.log(result.dir);
    return 0;
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`db:backup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
