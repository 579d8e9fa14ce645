/**
 * Signs in and out through next-auth's own endpoints, in-process (as the login form and the
 * sign-out button do: CSRF cookie and token, form posts), so a suite can test the session
 * cookie the app really issues and what happens to it afterwards.
 */
import { callRoute } from "./call-route";
import * as nextAuthHandlers from "@/app/api/auth/[...nextauth]/route";
import { CLIENT_ADDRESS_HEADER, signClientAddress } from "@/lib/auth/client-address";

type Handler = Parameters<typeof callRoute>[0];
// Its context names the catch-all segment; callRoute passes it as given.
const nextAuthRoute = nextAuthHandlers as unknown as { GET: Handler; POST: Handler };

const FORM = { "content-type": "application/x-www-form-urlencoded" };

function cookiesFrom(headers: Headers): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair!.indexOf("=");
    found.set(pair!.slice(0, at), pair!.slice(at + 1));
  }
  return found;
}

async function csrf(): Promise<{ token: string; cookie: string }> {
  const answer = await callRoute(nextAuthRoute.GET, { path: "/api/auth/csrf", params: { nextauth: ["csrf"] } });
  const value = cookiesFrom(answer.headers).get("next-auth.csrf-token");
  if (!value) throw new Error("next-auth set no CSRF cookie");
  return { token: answer.body.csrfToken as string, cookie: `next-auth.csrf-token=${value}` };
}

export type SignInAttempt = { status: number; sessionCookie: string | null; retryAfter: string | null };

/** A credentials sign-in; `clientIp` is sent the way scripts/serve.ts passes the socket's address. */
export async function signIn(email: string, password: string, options: { clientIp?: string } = {}): Promise<SignInAttempt> {
  const { token, cookie } = await csrf();
  const answer = await callRoute(nextAuthRoute.POST, {
    method: "POST",
    path: "/api/auth/callback/credentials",
    params: { nextauth: ["callback", "credentials"] },
    headers: { ...FORM, cookie, ...(options.clientIp ? { [CLIENT_ADDRESS_HEADER]: signClientAddress(options.clientIp, process.env.NEXTAUTH_SECRET!) } : {}) },
    rawBody: new URLSearchParams({ email, password, csrfToken: token, json: "true" }).toString(),
  });
  const session = cookiesFrom(answer.headers).get("next-auth.session-token");
  return { status: answer.status, sessionCookie: session ? `next-auth.session-token=${session}` : null, retryAfter: answer.headers.get("retry-after") };
}

/** The sign-out button's request; answers the cookies the browser is told to keep. */
export async function signOut(sessionCookie: string): Promise<void> {
  const { token, cookie } = await csrf();
  const answer = await callRoute(nextAuthRoute.POST, {
    method: "POST",
    path: "/api/auth/signout",
    params: { nextauth: ["signout"] },
    headers: { ...FORM, cookie: `${cookie}; ${sessionCookie}` },
    rawBody: new URLSearchParams({ csrfToken: token, json: "true" }).toString(),
  });
  if (answer.status !== 200) throw new Error(`sign-out answered ${answer.status}`);
  // The browser is told to forget the cookie; a copy of it is what a replay would use.
  if (cookiesFrom(answer.headers).get("next-auth.session-token") !== "") throw new Error("sign-out did not clear the session cookie");
}
