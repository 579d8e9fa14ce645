import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { readEnv } from "@/lib/env";
import { verifyCredentials } from "./credentials";
import { endSession, newSessionId } from "./session-state";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export function secureCookiesEnabled(): boolean {
  const env = readEnv();
  return env.NODE_ENV === "production" && !env.INSECURE_COOKIES;
}

export function getAuthOptions(): NextAuthOptions {
  const env = readEnv();
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // httpOnly and SameSite=Lax are next-auth's defaults; Secure (and the __Secure- prefix)
    // in production. Browsers accept Secure cookies from http://localhost.
    useSecureCookies: secureCookiesEnabled(),
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const result = await verifyCredentials(credentials);
          if (!result.ok) return null;
          const { id, email, name, sessionVersion } = result.user;
          return { id, email, name, sessionVersion };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        // At sign-in: the session's own id (ended at sign-out) and the user's session version
        // (moved on by a password change or disabling). See session-state.ts.
        if (user) return { ...token, sub: user.id, sid: newSessionId(), sv: (user as { sessionVersion?: number }).sessionVersion };
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub, sid: token.sid, sv: token.sv };
      },
    },
    events: {
      async signOut({ token }) {
        await endSession(token);
      },
    },
  };
}
