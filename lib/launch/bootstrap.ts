/**
 * First-start work: the initial admin account and the demo data.
 */
import { db } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { loadDemoData } from "@/lib/demo/seed";
import { createUser, generatePassword } from "@/lib/users/mutations";

export const DEFAULT_ADMIN_EMAIL = "admin@clearsight.local";

export type BootstrapResult = {
  createdAdmin?: { email: string; generatedPassword?: string };
  demoRecordsInserted: number;
};

export async function bootstrapDatabase(options: { demoData: boolean }): Promise<BootstrapResult> {
  const env = readEnv();
  const result: BootstrapResult = { demoRecordsInserted: 0 };
  if ((await db.user.count()) === 0) {
    const email = env.ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL;
    const generatedPassword = env.ADMIN_PASSWORD ? undefined : generatePassword();
    await createUser(null, { email, name: "Administrator", role: "ADMIN", password: env.ADMIN_PASSWORD ?? generatedPassword! });
    result.createdAdmin = { email, generatedPassword };
  }
  if (options.demoData) {
    const owner = await db.user.findFirst({ where: { role: "ADMIN", disabled: false }, orderBy: { createdAt: "asc" }, select: { id: true } });
    if (owner) result.demoRecordsInserted = await loadDemoData(owner.id);
  }
  return result;
}
