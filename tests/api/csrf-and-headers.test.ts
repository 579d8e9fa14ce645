import { callRoute } from "./call-route";
import { sessionCookieFor } from "./session-cookie";
import { beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import { proxy } from "@/proxy";
import { createTestUser, uniqueSuffix, type TestUser } from "@/tests/support/factories";

let tester: TestUser;
let cookie: string;
const ORIGIN = new URL(process.env.NEXTAUTH_URL ?? "http://localhost:3000").origin;

beforeAll(async () => {
  tester = await createTestUser("TESTER");
  cookie = await sessionCookieFor(tester.user.id);
});

const newProject = () => ({ name: `CSRF ${uniqueSuffix()}`, primaryUrl: "https://csrf.example.org/" });

function post(headers: Record<string, string>, body: string) {
  return callRoute(projectsRoute.POST, { method: "POST", path: "/api/v1/projects", headers, rawBody: body });
}

describe("cross-site request forgery", () => {
  it("refuses cookie-authenticated writes from another origin or site", async () => {
    for (const headers of <Array<Record<string, string>>>[
      { origin: "https://evil.example", "content-type": "application/json" },
      { "sec-fetch-site": "cross-site", "content-type": "application/json" },
      { "sec-fetch-site": "same-site", origin: "https://sub.localhost", "content-type": "application/json" },
      { origin: "null", "content-type": "application/json" },
    ]) {
      const result = await post({ cookie, ...headers }, JSON.stringify(newProject()));
      expect(result.status, JSON.stringify(headers)).toBe(403);
      expect(result.body.error.message).toMatch(/cookie/);
    }
  });

  it("refuses cookie-authenticated writes that are not JSON (what a cross-site form sends)", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const result = await post({ cookie, origin: ORIGIN, "content-type": type }, JSON.stringify(newProject()));
      expect(result.status, type).toBe(415);
      expect(result.body.error.code).toBe("unsupported_media_type");
    }
    const token = await callRoute(tokensRoute.POST, { method: "POST", path: "/api/v1/tokens", headers: { cookie, origin: "https://evil.example", "content-type": "text/plain" }, rawBody: JSON.stringify({ name: "stolen" }) });
    expect(token.status).toBe(403);
  });

  it("accepts the app's own JSON writes by cookie, and token-authenticated writes from anywhere", async () => {
    const own = await post({ cookie, origin: ORIGIN, "sec-fetch-site": "same-origin", "content-type": "application/json" }, JSON.stringify(newProject()));
    expect(own.status).toBe(201);
    const tool = await post({ cookie, "content-type": "application/json" }, JSON.stringify(newProject()));
    expect(tool.status).toBe(201);
    const bearer = await post({ ...tester.authHeader, origin: "https://ci.example", "content-type": "application/json" }, JSON.stringify(newProject()));
    expect(bearer.status).toBe(201);
  });
});

describe("response headers", () => {
  it("API answers are never cached, the one-time token reply above all", async () => {
    const token = await callRoute(tokensRoute.POST, { method: "POST", path: "/api/v1/tokens", headers: tester.authHeader, body: { name: `t ${uniqueSuffix()}` } });
    expect(token.status).toBe(201);
    expect(token.headers.get("cache-control")).toBe("no-store");
    const error = await callRoute(projectsRoute.GET, { path: "/api/v1/projects?page=abc", headers: tester.authHeader });
    expect(error.status).toBe(400);
    expect(error.headers.get("cache-control")).toBe("no-store");
  });

  it("pages get a nonce-based CSP (a new nonce each time), a Permissions-Policy, HSTS only over https", () => {
    const first = proxy(new NextRequest("http://localhost:3000/projects"));
    const second = proxy(new NextRequest("http://localhost:3000/projects"));
    const policy = first.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(second.headers.get("content-security-policy")).not.toContain(nonce!);
    // The nonce also reaches Next.js's renderer through the request's headers.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    expect(first.headers.get("permissions-policy")).toContain("camera=()");
    expect(first.headers.get("strict-transport-security")).toBeNull();
    const secure = proxy(new NextRequest("https://clearsight.example.org/projects"));
    expect(secure.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    const forwarded = proxy(new NextRequest("http://localhost:3000/api/v1/projects", { headers: { "x-forwarded-proto": "https" } }));
    expect(forwarded.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });
});
