"use server";

import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page";
import { startBackupNow } from "@/lib/backups/schedule";
import { toAppError } from "@/lib/errors";

export async function createBackupAction(): Promise<void> {
  await requirePageUser("backups:manage");
  let outcome = "started";
  try {
    await startBackupNow();
  } catch (error) {
    outcome = toAppError(error).code === "conflict" ? "running" : "failed";
  }
  redirect(`/admin/backups?backup=${outcome}`);
}
