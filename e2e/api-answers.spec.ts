/**
 * What the production server answers for requests no route handles, through the real server
 * `npm start` runs (the request policy sits in front of Next.js).
 */
import { expect, test } from "./support/fixtures";

test("unknown API paths answer the JSON error body with 404, whatever the method", async ({ request }) => {
  for (const method of ["GET", "POST", "DELETE"]) {
    const response = await request.fetch("/api/v1/no-such-thing/123", { method });
    expect(response.status()).toBe(404);
    expect(response.headers()["content-type"]).toContain("application/json");
    expect(await response.json()).toMatchObject({ error: { code: "not_found", message: expect.stringContaining("/api/v1/no-such-thing/123") } });
  }
});

test("a method a route does not implement answers 405 with Allow, and TRACE never reaches Next.js", async ({ request }) => {
  const wrong = await request.fetch("/api/v1/me", { method: "DELETE" });
  expect(wrong.status()).toBe(405);
  expect(wrong.headers().allow).toBe("GET, HEAD, OPTIONS");
  expect(await wrong.json()).toMatchObject({ error: { code: "method_not_allowed" } });

  for (const path of ["/api/v1/projects", "/api/health", "/projects", "/login?callbackUrl=%2F"]) {
    const trace = await request.fetch(path, { method: "TRACE" });
    expect(trace.status(), `TRACE ${path}`).toBe(405);
    expect(trace.headers().allow).toContain("GET");
    expect(await trace.text()).not.toMatch(/at .*\.js:\d+/);
  }
});
