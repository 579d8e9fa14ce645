import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

// Rendered inside the app shell, which already provides <main>.
export default function NotFound() {
  return (
    <div className="max-w-xl">
      <h1 className="text-2xl font-bold">Not found</h1>
      <p className="mt-4 text-slate-700">The record you asked for does not exist, or it was removed.</p>
      <p className="mt-4">
        <Link href="/projects">Back to projects</Link>
      </p>
    </div>
  );
}
