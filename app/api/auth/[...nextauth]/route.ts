import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { jsonError } from "@/lib/api/route";
import { getAuthOptions } from "@/lib/auth/options";
import { runWithSignInAttempt } from "@/lib/auth/sign-in-attempt";
import { countSignInAttempt } from "@/lib/auth/sign-in-guard";
import { AppError } from "@/lib/errors";

type Context = { params: Promise<{ nextauth: string[] }> };

function handle(request: NextRequest, context: Context) {
  return NextAuth(getAuthOptions())(request, context);
}

export async function GET(request: NextRequest, context: Context) {
  return handle(request, context);
}

export async function POST(request: NextRequest, context: Context) {
  const attempt = await countSignInAttempt(request);
  if (attempt instanceof AppError) return jsonError(attempt);
  return attempt ? runWithSignInAttempt(attempt, () => handle(request, context)) : handle(request, context);
}
