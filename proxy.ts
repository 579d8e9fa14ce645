import { NextResponse, type NextRequest } from "next/server";
import { readEnv } from "@/lib/env";
import { contentSecurityPolicy, isHttps, PERMISSIONS_POLICY, STRICT_TRANSPORT_SECURITY } from "@/lib/security-headers";

/**
 * Runs before every page and API route: gives pages a fresh CSP nonce and the requested path
 * (so a sign-in redirect can return the user to where they were going), and every response
 * the browser-policy headers. It does no access control: every page and route checks for itself.
 */
export function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith("/api/")) return withSecurityHeaders(request, NextResponse.next());
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = contentSecurityPolicy(nonce, readEnv().NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-clearsight-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  // Next.js reads the nonce from the request's policy and puts it on the scripts it renders.
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return withSecurityHeaders(request, response);
}

function withSecurityHeaders(request: NextRequest, response: NextResponse): NextResponse {
  response.headers.set("Permissions-Policy", PERMISSIONS_POLICY);
  if (isHttps(request)) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon).*)"],
};
