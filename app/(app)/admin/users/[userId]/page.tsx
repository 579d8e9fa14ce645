import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DisableForm, ResetPasswordForm, RoleForm } from "@/components/users/manage-user-forms";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/page";
import { AppError } from "@/lib/errors";
import { getUser } from "@/lib/users/queries";
import { resetPasswordAction, updateUserAction } from "../actions";
import { isUuid } from "@/lib/uuid";

export const metadata: Metadata = { title: "Manage user" };

export default async function ManageUserPage({ params }: { params: Promise<{ userId: string }> }) {
  await requirePageUser("users:manage");
  const { userId } = await params;
  if (!isUuid(userId)) notFound();
  const user = await getUser(userId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/users">← All users</Link>
      </p>
      <PageHeader title={user.name} description={`${user.email} · ${user.role.toLowerCase()} · ${user.disabled ? "disabled" : "active"}`} />
      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="role-title" className="rounded-lg border border-slate-300 bg-white p-6">
          <h2 id="role-title" className="mb-4 text-lg font-semibold">
            Role
          </h2>
          <RoleForm action={updateUserAction.bind(null, user.id)} role={user.role} />
        </section>
        <section aria-labelledby="access-title" className="rounded-lg border border-slate-300 bg-white p-6">
          <h2 id="access-title" className="mb-4 text-lg font-semibold">
            Access
          </h2>
          <DisableForm action={updateUserAction.bind(null, user.id)} disabled={user.disabled} />
        </section>
        <section aria-labelledby="password-title" className="rounded-lg border border-slate-300 bg-white p-6">
          <h2 id="password-title" className="mb-4 text-lg font-semibold">
            Password
          </h2>
          <ResetPasswordForm action={resetPasswordAction.bind(null, user.id)} />
        </section>
      </div>
    </>
  );
}
