import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getSessionUser } from "@/lib/auth/current-user";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await getSessionUser().catch(() => null)) redirect(callbackUrl);
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-12">
      <p className="mb-2 text-lg font-bold text-blue-800">Clearsight</p>
      <h1 className="mb-6 text-2xl font-bold">Sign in</h1>
      <div className="rounded-lg border border-slate-300 bg-white p-6 shadow-sm">
        <LoginForm callbackUrl={callbackUrl} />
      </div>
      <p className="mt-4 text-sm text-slate-700">Accounts are created by an administrator.</p>
    </main>
  );
}
