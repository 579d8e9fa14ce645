import { callRoute } from "./call-route";
import { describe, expect, it } from "vitest";
import * as projectSessionsRoute from "@/app/api/v1/projects/[id]/sessions/route";
import * as duplicateRoute from "@/app/api/v1/sessions/[id]/duplicate/route";
import { db } from "@/lib/db";
import { createTestProject, createTestSession, createTestUser } from "@/tests/support/factories";

describe("concurrent session writes in one project", () => {
  it("20 concurrent creates all succeed", async () => {
    const tester = await createTestUser("TESTER");
    const project = await createTestProject(tester.actor);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        callRoute(projectSessionsRoute.POST, {
          method: "POST",
          path: `/api/v1/projects/${project.id}/sessions`,
          params: { id: project.id },
          headers: tester.authHeader,
          body: { name: `Concurrent ${index}`, scope: { urls: [new URL(`/page-${index}`, project.primaryUrl).toString()] } },
        }),
      ),
    );
    expect(results.map((result) => result.status)).toEqual(Array.from({ length: 20 }, () => 201));
    expect(await db.testSession.count({ where: { projectId: project.id } })).toBe(20);
  });

  it("concurrent duplicates and creates all succeed", async () => {
    const tester = await createTestUser("TESTER");
    const project = await createTestProject(tester.actor);
    const source = await createTestSession(tester.actor, project);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        index % 2 === 0
          ? callRoute(duplicateRoute.POST, { method: "POST", path: `/api/v1/sessions/${source.id}/duplicate`, params: { id: source.id }, headers: tester.authHeader })
          : callRoute(projectSessionsRoute.POST, {
              method: "POST",
              path: `/api/v1/projects/${project.id}/sessions`,
              params: { id: project.id },
              headers: tester.authHeader,
              body: { name: `Mixed ${index}`, scope: { urls: [project.primaryUrl] } },
            }),
      ),
    );
    expect(results.map((result) => result.status)).toEqual(Array.from({ length: 10 }, () => 201));
    expect(await db.testSession.count({ where: { projectId: project.id } })).toBe(11);
  });
});
