import Link from "next/link";

// Rendered inside the app shell, which already provides <main>.
export default function Forbidden() {
  return (
    <div className="max-w-xl">
      <h1 className="text-2xl font-bold">You do not have access to this page</h1>
      <p className="mt-4 text-slate-700">Your role does not allow this. Ask an administrator if you need it.</p>
      <p className="mt-4">
        <Link href="/projects">Back to projects</Link>
      </p>
    </div>
  );
}
