/**
 * Site addresses with a user name or password (https://user:pass@host/) are refused where they
 * are entered, with a 400 naming the field (issue 21, finding 1): they would be stored and shown.
 */
import { callRoute } from "./call-route";
import { describe, expect, it } from "vitest";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as sessionsRoute from "@/app/api/v1/projects/[id]/sessions/route";
import { createTestProject, createTestUser, uniqueSuffix } from "@/tests/support/factories";

describe("URLs with credentials", () => {
  it("are refused as a project's address", async () => {
    const { authHeader } = await createTestUser("TESTER");
    for (const primaryUrl of ["https://user:secret@site.example.org/", "http://admin@10.0.0.5/", "https://:pw@site.example.org/"]) {
      const result = await callRoute(projectsRoute.POST, { method: "POST", path: "/api/v1/projects", headers: authHeader, body: { name: `P ${uniqueSuffix()}`, primaryUrl } });
      expect(result.status, primaryUrl).toBe(400);
      expect(Object.keys(result.body.error.fields)).toEqual(["primaryUrl"]);
      expect(result.body.error.fields.primaryUrl[0]).toMatch(/user name and password/);
      expect(result.text).not.toContain("secret");
    }
  });

  it("are refused in a session's scope (listed URLs and start URL)", async () => {
    const { actor, authHeader } = await createTestUser("TESTER");
    const project = await createTestProject(actor);
    const base = new URL(project.primaryUrl);
    const withCredentials = `${base.protocol}//user:pw@${base.host}/private`;
    for (const [scope, field] of [
      [{ urls: [project.primaryUrl, withCredentials] }, "scope.urls.1"],
      [{ startUrl: withCredentials }, "scope.startUrl"],
    ] as const) {
      const result = await callRoute(sessionsRoute.POST, {
        method: "POST",
        path: `/api/v1/projects/${project.id}/sessions`,
        params: { id: project.id },
        headers: authHeader,
        body: { name: `S ${uniqueSuffix()}`, scope },
      });
      expect(result.status, field).toBe(400);
      expect(Object.keys(result.body.error.fields), field).toEqual([field]);
    }
  });
});
