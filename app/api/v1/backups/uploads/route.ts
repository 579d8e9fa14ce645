import { apiRoute, created } from "@/lib/api/route";
import { saveUploadedBackup } from "@/lib/backups/restore-job";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** Body: a backup as .tar.gz (what the download link gives). 201 with the name to restore it by. */
export const POST = apiRoute("POST /api/v1/backups/uploads", async ({ request }) => {
  if (!request.body) throw new AppError("invalid_request", "Send the backup archive (.tar.gz) as the request body.");
  return created(await saveUploadedBackup(request.body));
});
