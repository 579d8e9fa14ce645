import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { requirePageUser } from "@/lib/auth/page";
import { can } from "@/lib/permissions";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // Each page checks its own permission too; this only needs someone signed in.
  const user = await requirePageUser();
  return (
    <>
      <a href="#main" className="sr-only z-50 rounded bg-white px-4 py-2 text-blue-900 focus:not-sr-only focus:absolute focus:top-2 focus:left-2">
        Skip to main content
      </a>
      <header className="bg-slate-900 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href="/projects" className="text-lg font-bold text-white no-underline hover:text-white">
            Clearsight
          </Link>
          <nav aria-label="Main" className="order-3 w-full sm:order-none sm:w-auto">
            <ul className="flex flex-wrap gap-4">
              <li>
                <Link href="/projects" className="text-white">
                  Projects
                </Link>
              </li>
              <li>
                <Link href="/wcag" className="text-white">
                  WCAG
                </Link>
              </li>
              <li>
                <Link href="/account" className="text-white">
                  Account
                </Link>
              </li>
              <li>
                <Link href="/api-docs" className="text-white">
                  API
                </Link>
              </li>
              {can(user.role, "users:manage") ? (
                <li>
                  <Link href="/admin" className="text-white">
                    Admin
                  </Link>
                </li>
              ) : null}
            </ul>
          </nav>
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <span>
              <span className="sr-only">Signed in as </span>
              <span className="font-semibold">{user.name}</span> <span className="text-slate-200">({user.role.toLowerCase()})</span>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none">
        {children}
      </main>
    </>
  );
}
