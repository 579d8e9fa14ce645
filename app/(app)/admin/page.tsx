import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Admin" };

const SECTIONS = [
  { href: "/admin/users", title: "Users", description: "Create accounts, change roles, disable accounts, reset passwords." },
  { href: "/admin/auth-configs", title: "Auth configs", description: "Credentials the scanner uses to reach pages behind a login." },
  { href: "/admin/audit", title: "Audit log", description: "Who changed what, and when." },
  { href: "/admin/backups", title: "Backups", description: "Verified backups of all data; create and download." },
  { href: "/admin/queue", title: "Scan queue", description: "Pages waiting and being scanned, the oldest waiting page, and the workers with their last heartbeat." },
  { href: "/admin/network", title: "Scan network policy", description: "Where scans may connect: allowed and blocked ranges and host names." },
  { href: "/admin/storage", title: "Storage and retention", description: "How long scan runs are kept, database size per project and what retention would free." },
];

export default async function AdminPage() {
  await requirePageUser("users:manage");
  return (
    <>
      <PageHeader title="Admin" />
      <ul className="grid gap-4 sm:grid-cols-2">
        {SECTIONS.map((section) => (
          <li key={section.href} className="rounded-lg border border-slate-300 bg-white p-4">
            <h2 className="text-lg font-semibold">
              <Link href={section.href}>{section.title}</Link>
            </h2>
            <p className="mt-1 text-sm text-slate-700">{section.description}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
