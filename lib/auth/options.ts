import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { readEnv } from "@/lib/env";
import { verifyCredentials } from "./credentials";

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
          const { id, email, name, passwordChangedAt } = result.user;
          return { id, email, name, passwordVersion: passwordChangedAt.getTime() };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        // The password version ties the session to the password it was opened with.
        if (user) return { ...token, sub: user.id, passwordVersion: (user as { passwordVersion?: number }).passwordVersion };
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub, passwordVersion: token.passwordVersion };
      },
    },
  };
}
