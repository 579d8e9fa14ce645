import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { credentialsSchema } from "@/lib/users/schema";
import { readEnv } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER, readClientAddress } from "./client-address";
import { reserveSignInAttempt, type SignInAttempt } from "./throttle";

/**
 * Before next-auth sees a credentials sign-in: counts the attempt for its email and client
 * (throttle.ts). Answers the counted attempt for authorize() to use (sign-in-attempt.ts), or the
 * 429 to send (with Retry-After), or null when the request is not a credentials sign-in.
 */
export async function countSignInAttempt(request: NextRequest): Promise<(SignInAttempt & { admitted: true }) | AppError | null> {
  if (!request.nextUrl.pathname.endsWith("/callback/credentials")) return null;
  const form = await request.clone().formData().catch(() => null);
  const parsed = credentialsSchema.safeParse({ email: form?.get("email") ?? "", password: form?.get("password") ?? "" });
  if (!parsed.success || !parsed.data.email) return null;
  const client = readClientAddress(request.headers.get(CLIENT_ADDRESS_HEADER), readEnv().NEXTAUTH_SECRET);
  const attempt = await reserveSignInAttempt(parsed.data.email, client);
  if (attempt.admitted) return attempt;
  const message =
    attempt.scope === "client"
      ? `Too many failed sign-in attempts from your network. Try again in ${attempt.retryAfterSeconds} seconds.`
      : `Too many failed sign-in attempts. Try again in ${attempt.retryAfterSeconds} seconds.`;
  return new AppError("rate_limited", message, {
    retryAfterSeconds: attempt.retryAfterSeconds,
    headers: { "Retry-After": String(attempt.retryAfterSeconds) },
  });
}
