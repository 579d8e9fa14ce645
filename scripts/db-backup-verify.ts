/**
 * `npm run db:backup:verify -- <dir>`: checks checksums and counts, restores the backup into a
 * scratch database that already has a first admin with the backup's first admin's email (as a
 * rebuilt server has), compares counts and a sample of rows (references read through the email
 * match), drops the scratch database and writes verification.json. Exit code 0 when the backup
 * is good, 1 otherwise.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { createProgressPrinter } from "@/lib/backups/progress";
import { verifyBackup } from "@/lib/backups/verify";
import { withCliDatabase } from "@/lib/database/connect-cli";

async function main(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  if (positionals.length !== 1) {
    console.error("Usage: npm run db:backup:verify -- <backup dir>");
    return 1;
  }
  const dir = path.resolve(positionals[0]!);
  return withCliDatabase(async (databaseUrl) => {
    const progress = createProgressPrinter();
    const verification = await verifyBackup({ databaseUrl, dir, onProgress: progress });
    progress.finish();
    if (verification.state === "ok") {
      const rows = verification.tables.reduce((sum, table) => sum + table.restored, 0);
      const admin = verification.firstAdmin;
      console.log(
        `Backup ${dir} is good: restored ${rows.toLocaleString("en-US")} rows into a scratch database in ${(verification.durationMs / 1000).toFixed(1)}s; counts and sampled rows match.` +
          (admin ? ` The scratch database already had a first admin (${admin.email}), as a rebuilt server has${admin.matched ? "; the backup's account was matched to it by email" : ""}.` : ""),
      );
      return 0;
    }
    console.log(`Backup ${dir} FAILED verification:\n${verification.problems.map((problem) => `  - ${problem}`).join("\n")}`);
    return 1;
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`db:backup:verify failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
