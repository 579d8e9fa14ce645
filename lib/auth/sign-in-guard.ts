import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { credentialsSchema } from "@/lib/users/schema";
import { secondsUntilAllowed } from "./throttle";

/** Before next-auth sees a credentials sign-in: 429 with Retry-After while the email is locked out. */
export async function checkSignInThrottle(request: NextRequest): Promise<AppError | null> {
  if (!request.nextUrl.pathname.endsWith("/callback/credentials")) return null;
  const form = await request.clone().formData().catch(() => null);
  const parsed = credentialsSchema.safeParse({ email: form?.get("email") ?? "", password: form?.get("password") ?? "" });
  if (!parsed.success || !parsed.data.email) return null;
  const retryAfter = await secondsUntilAllowed(parsed.data.email);
  if (retryAfter === 0) return null;
  return new AppError("rate_limited", `Too many failed sign-in attempts. Try again in ${retryAfter} seconds.`, {
    retryAfterSeconds: retryAfter,
    headers: { "Retry-After": String(retryAfter) },
  });
}
