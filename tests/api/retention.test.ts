import { callRoute } from "./call-route";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as projectRetentionRoute from "@/app/api/v1/projects/[id]/retention/route";
import * as instanceRetentionRoute from "@/app/api/v1/retention/route";
import { db } from "@/lib/db";
import { createTestProject, createTestUser, type TestUser } from "@/tests/support/factories";
import { expectError } from "./role-matrix";

let viewer: TestUser;
let tester: TestUser;
let admin: TestUser;

beforeAll(async () => {
  [viewer, tester, admin] = await Promise.all([createTestUser("VIEWER"), createTestUser("TESTER"), createTestUser("ADMIN")]);
});

afterAll(async () => {
  await callRoute(instanceRetentionRoute.PATCH, { method: "PATCH", path: "/api/v1/retention", headers: admin.authHeader, body: { keepRuns: null, keepDays: null, screenshotDays: null } });
});

describe("retention API", () => {
  it("reads and changes a project's settings over the instance default; admins only change them; audited", async () => {
    const project = await createTestProject(tester.actor);
    const path = `/api/v1/projects/${project.id}/retention`;
    const patch = (who: TestUser, body: unknown) => callRoute(projectRetentionRoute.PATCH, { method: "PATCH", path, params: { id: project.id }, headers: who.authHeader, body });

    const initial = await callRoute(projectRetentionRoute.GET, { path, params: { id: project.id }, headers: viewer.authHeader });
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ keepRuns: null, keepDays: null, screenshotDays: null });

    expectError(await patch(tester, { keepRuns: 5 }), 403, "forbidden");
    const changed = await patch(admin, { keepRuns: 5, screenshotDays: 7 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ keepRuns: 5, keepDays: null, screenshotDays: 7, effective: { keepRuns: 5, screenshotDays: 7 } });

    const instance = await callRoute(instanceRetentionRoute.PATCH, { method: "PATCH", path: "/api/v1/retention", headers: admin.authHeader, body: { keepDays: 90, keepRuns: 50 } });
    expect(instance.body).toEqual({ keepRuns: 50, keepDays: 90, screenshotDays: null });
    const merged = await callRoute(projectRetentionRoute.GET, { path, params: { id: project.id }, headers: viewer.authHeader });
    expect(merged.body).toEqual({
      keepRuns: 5,
      keepDays: null,
      screenshotDays: 7,
      instance: { keepRuns: 50, keepDays: 90, screenshotDays: null },
      effective: { keepRuns: 5, keepDays: 90, screenshotDays: 7 },
    });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "project.retention", recordId: project.id }, select: { changes: true, actorId: true } });
    expect(audit).toEqual({ actorId: admin.user.id, changes: { keepRuns: { from: null, to: 5 }, screenshotDays: { from: null, to: 7 } } });
    expect(await db.auditEvent.count({ where: { action: "instance.retention" } })).toBeGreaterThan(0);
  });

  it("names the field that is wrong; 404 for an unknown project; the instance default is for admins to change", async () => {
    const project = await createTestProject(tester.actor);
    const path = `/api/v1/projects/${project.id}/retention`;
    const patch = (body: unknown) => callRoute(projectRetentionRoute.PATCH, { method: "PATCH", path, params: { id: project.id }, headers: admin.authHeader, body });
    const zero = await patch({ keepRuns: 0 });
    expectError(zero, 400, "invalid_request");
    expect(zero.body.error.fields.keepRuns[0]).toMatch(/at least 1/);
    const fraction = await patch({ keepDays: 1.5 });
    expect(fraction.body.error.fields.keepDays[0]).toMatch(/whole number/);
    const text = await patch({ screenshotDays: "soon" });
    expect(text.body.error.fields.screenshotDays[0]).toMatch(/whole number or null/);
    const unknown = await patch({ keepForever: true });
    expect(unknown.status).toBe(400);
    const missing = "00000000-0000-4000-8000-000000000000";
    expectError(await callRoute(projectRetentionRoute.PATCH, { method: "PATCH", path: `/api/v1/projects/${missing}/retention`, params: { id: missing }, headers: admin.authHeader, body: { keepRuns: 3 } }), 404, "not_found");
    expectError(await callRoute(instanceRetentionRoute.PATCH, { method: "PATCH", path: "/api/v1/retention", headers: tester.authHeader, body: { keepRuns: 3 } }), 403, "forbidden");
    expect((await callRoute(instanceRetentionRoute.GET, { path: "/api/v1/retention", headers: viewer.authHeader })).status).toBe(200);
    expect(await db.project.findUniqueOrThrow({ where: { id: project.id }, select: { retentionKeepRuns: true } })).toEqual({ retentionKeepRuns: null });
  });
});
