import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";

// Never select password_hash outside authentication.
export const publicUserSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  lastLoginAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export async function listUsers() {
  return db.user.findMany({ select: publicUserSelect, orderBy: [{ disabled: "asc" }, { email: "asc" }] });
}

export async function getUser(id: string) {
  const user = await db.user.findUnique({ where: { id }, select: publicUserSelect });
  if (!user) throw notFound("User");
  return user;
}

export async function countUsers(): Promise<number> {
  return db.user.count();
}
