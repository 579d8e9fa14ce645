import type { Metadata } from "next";
import Link from "next/link";
import { CreateUserForm } from "@/components/users/create-user-form";
import { PageHeader } from "@/components/ui/page-header";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import { requirePageUser } from "@/lib/auth/page";
import { listUsers } from "@/lib/users/queries";
import { createUserAction } from "./actions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  await requirePageUser("users:manage");
  const users = await listUsers();
  return (
    <>
      <PageHeader title="Users" description={`${users.length} account${users.length === 1 ? "" : "s"}`} />
      <div className="mb-10">
        <h2 id="users-table-title" className="sr-only">
          All users
        </h2>
        <ScrollableTable labelledBy="users-table-title" columns={[{ label: "Name" }, { label: "Email" }, { label: "Role" }, { label: "Status" }, { label: "Last sign-in" }]}>
          {users.map((user) => (
            <tr key={user.id} className="border-t border-slate-200">
              <td className="px-3 py-2">
                <Link href={`/admin/users/${user.id}`}>{user.name}</Link>
              </td>
              <td className="px-3 py-2 break-all">{user.email}</td>
              <td className="px-3 py-2">{user.role.toLowerCase()}</td>
              <td className="px-3 py-2">{user.disabled ? "Disabled" : "Active"}</td>
              <td className="px-3 py-2">{user.lastLoginAt ? user.lastLoginAt.toISOString().slice(0, 16).replace("T", " ") + " UTC" : "Never"}</td>
            </tr>
          ))}
        </ScrollableTable>
      </div>
      <section aria-labelledby="create-user-title" className="rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="create-user-title" className="mb-4 text-xl font-semibold">
          Create a user
        </h2>
        <CreateUserForm action={createUserAction} />
      </section>
    </>
  );
}
