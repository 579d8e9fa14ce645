import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="mt-4 text-slate-700">The page or record you asked for does not exist, or it was removed.</p>
      <p className="mt-4">
        <Link href="/projects">Back to projects</Link>
      </p>
    </main>
  );
}
