import { NextResponse, type NextRequest } from "next/server";

/**
 * Passes the requested path to server components, so a sign-in redirect can return the user to
 * where they were going. It does no access control: every page and route checks for itself.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-clearsight-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!api/|_next/|favicon.ico).*)"],
};
