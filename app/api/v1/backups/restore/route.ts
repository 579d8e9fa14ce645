import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/route";
import { listUploadedBackups, readRestoreJob, startRestoreJob } from "@/lib/backups/restore-job";

export const dynamic = "force-dynamic";

/** The latest dry run or restore (progress, then its outcome) and the uploaded backups. */
export const GET = apiRoute("GET /api/v1/backups/restore", async () => ({
  job: (await readRestoreJob()) ?? null,
  uploads: await listUploadedBackups(),
}));

/** Starts a dry run (`dryRun: true`) or a restore in the background: 202, then poll GET. */
export const POST = apiRoute("POST /api/v1/backups/restore", async ({ body, user }) => {
  const job = await startRestoreJob({ source: { source: body.source, name: body.name }, dryRun: body.dryRun, actor: { id: user.id, email: user.email } });
  return NextResponse.json({ job }, { status: 202 });
});
