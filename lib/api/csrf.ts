/**
 * Cross-site request forgery: a browser sends the session cookie with any request to the app,
 * including a form another site submits or a fetch it makes. A cookie-authenticated write is
 * therefore accepted only as JSON (a cross-site form cannot send it, and a cross-site fetch
 * cannot without a CORS preflight the app never answers) and only from the app's own origin,
 * as the browser reports it (Origin, Sec-Fetch-Site). Every browser sends one of them, or
 * both, with a cross-site write; a request with neither comes from a script or tool holding
 * the cookie itself, which is no forgery, and is let through. API tokens travel in a header no other
 * site can make a browser send, so token-authenticated requests are exempt.
 */
import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { readEnv } from "@/lib/env";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The app's origin: NEXTAUTH_URL's when set (the address users reach), else the request's own. */
function appOrigin(request: NextRequest): string {
  const configured = readEnv().NEXTAUTH_URL;
  return configured ? new URL(configured).origin : request.nextUrl.origin;
}

export function checkCookieWrite(request: NextRequest, hasBody: boolean): AppError | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  if (site !== null && site !== "same-origin") return crossSite(`the browser reports a ${site} request`);
  if (origin !== null && origin !== appOrigin(request)) return crossSite(`it comes from ${origin.slice(0, 200)}`);
  if (hasBody) {
    const type = request.headers.get("content-type") ?? "";
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      return new AppError("unsupported_media_type", "Send the request body as JSON (Content-Type: application/json).");
    }
  }
  return null;
}

function crossSite(why: string): AppError {
  return new AppError("forbidden", `Refused a write signed in by cookie because ${why}. Use the app itself, or an API token (Authorization: Bearer).`);
}
