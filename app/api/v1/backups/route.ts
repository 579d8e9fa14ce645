import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/route";
import { listBackups } from "@/lib/backups/queries";
import { getBackupHealth, isBackupRunning, startBackupNow } from "@/lib/backups/schedule";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/v1/backups", async () => ({
  items: (await listBackups()).map(({ dir: _dir, ...backup }) => backup),
  running: await isBackupRunning(),
  health: await getBackupHealth(),
}));

/** Starts a backup (then its verification) in the background: 202, then poll GET. */
export const POST = apiRoute("POST /api/v1/backups", async () => {
  await startBackupNow();
  return NextResponse.json({ started: true }, { status: 202 });
});
