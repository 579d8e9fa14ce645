"use client";

import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

type Problem = { message: string };

/** Posts to next-auth's credentials endpoint directly, so a 429 and its Retry-After reach the user. */
export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const problemRef = useRef<HTMLDivElement>(null);

  function show(message: string) {
    setProblem({ message });
    requestAnimationFrame(() => problemRef.current?.focus());
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setProblem(null);
    try {
      const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
      const response = await fetch("/api/auth/callback/credentials", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          email: String(form.get("email") ?? ""),
          password: String(form.get("password") ?? ""),
          csrfToken,
          callbackUrl,
          json: "true",
        }),
      });
      if (response.status === 429) {
        const retryAfter = response.headers.get("Retry-After");
        show(`Too many failed attempts. Try again in ${retryAfter ?? "a few"} seconds.`);
        return;
      }
      const body = (await response.json().catch(() => ({}))) as { url?: string };
      const error = body.url ? new URL(body.url, window.location.origin).searchParams.get("error") : "unknown";
      if (!response.ok || error) {
        show("The email or password is incorrect, or the account is disabled.");
        return;
      }
      window.location.assign(callbackUrl);
    } catch {
      show("Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate={false} className="space-y-2">
      <div ref={problemRef} tabIndex={-1} role="alert" aria-live="assertive" className={problem ? "mb-4 rounded-md border-l-4 border-red-700 bg-red-50 p-3 text-sm font-medium text-red-900" : ""}>
        {problem?.message}
      </div>
      <TextField label="Email" name="email" type="email" autoComplete="username" required />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
