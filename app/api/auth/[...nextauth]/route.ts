import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { jsonError } from "@/lib/api/route";
import { getAuthOptions } from "@/lib/auth/options";
import { checkSignInThrottle } from "@/lib/auth/sign-in-guard";

type Context = { params: Promise<{ nextauth: string[] }> };

function handle(request: NextRequest, context: Context) {
  return NextAuth(getAuthOptions())(request, context);
}

export async function GET(request: NextRequest, context: Context) {
  return handle(request, context);
}

export async function POST(request: NextRequest, context: Context) {
  const throttled = await checkSignInThrottle(request);
  if (throttled) return jsonError(throttled);
  return handle(request, context);
}
