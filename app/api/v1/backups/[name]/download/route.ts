import { Readable } from "node:stream";
import { apiRoute } from "@/lib/api/route";
import { createBackupArchive } from "@/lib/backups/archive";
import { findBackupDir } from "@/lib/backups/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/v1/backups/{name}/download", async ({ params }) => {
  const dir = await findBackupDir(params.name);
  return new Response(Readable.toWeb(createBackupArchive(dir)) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/gzip",
      "Content-Disposition": `attachment; filename="clearsight-backup-${params.name}.tar.gz"`,
      "Cache-Control": "no-store",
    },
  });
});
