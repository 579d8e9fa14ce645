import { callRoute } from "./call-route";
import { beforeAll, describe, expect, it } from "vitest";
import * as scheduleRoute from "@/app/api/v1/schedules/[id]/route";
import * as schedulesRoute from "@/app/api/v1/projects/[id]/schedules/route";
import { db } from "@/lib/db";
import { createTestProject, createTestSession, createTestUser, type TestUser } from "@/tests/support/factories";

let viewer: TestUser;
let tester: TestUser;

beforeAll(async () => {
  [viewer, tester] = await Promise.all([createTestUser("VIEWER"), createTestUser("TESTER")]);
});

describe("schedules API", () => {
  it("creates, lists, changes and deletes a schedule, each audited", async () => {
    const project = await createTestProject(tester.actor);
    const session = await createTestSession(tester.actor, project);
    const path = `/api/v1/projects/${project.id}/schedules`;
    const created = await callRoute(schedulesRoute.POST, {
      method: "POST",
      path,
      params: { id: project.id },
      headers: tester.authHeader,
      body: { sessionId: session.id, cron: "0 6 * * 1", timezone: "Europe/Berlin", enabled: true },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sessionId: session.id, cron: "0 6 * * 1", timezone: "Europe/Berlin", enabled: true, description: "Weekly on Monday at 06:00" });
    const next = new Date(created.body.nextRunAt);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", weekday: "long", hour: "2-digit", minute: "2-digit" }).format(next)).toBe("Monday 06:00");

    const listed = await callRoute(schedulesRoute.GET, { path, params: { id: project.id }, headers: viewer.authHeader });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([created.body.id]);
    const viewerCreate = await callRoute(schedulesRoute.POST, { method: "POST", path, params: { id: project.id }, headers: viewer.authHeader, body: { sessionId: session.id, cron: "0 6 * * 1" } });
    expect(viewerCreate.status).toBe(403);

    const id = created.body.id as string;
    const paused = await callRoute(scheduleRoute.PATCH, { method: "PATCH", path: `/api/v1/schedules/${id}`, params: { id }, headers: tester.authHeader, body: { enabled: false } });
    expect(paused.body).toMatchObject({ enabled: false, nextRunAt: null });
    const removed = await callRoute(scheduleRoute.DELETE, { method: "DELETE", path: `/api/v1/schedules/${id}`, params: { id }, headers: tester.authHeader });
    expect(removed.body).toEqual({ id, deleted: true });
    expect(await db.testSession.count({ where: { id: session.id } })).toBe(1);
    const actions = (await db.auditEvent.findMany({ where: { recordId: id }, select: { action: true }, orderBy: { createdAt: "asc" } })).map((event) => event.action);
    expect(actions).toEqual(["schedule.create", "schedule.update", "schedule.delete"]);
    const gone = await callRoute(scheduleRoute.PATCH, { method: "PATCH", path: `/api/v1/schedules/${id}`, params: { id }, headers: tester.authHeader, body: { enabled: true } });
    expect(gone.status).toBe(404);
  });

  it("says which field is wrong and why", async () => {
    const project = await createTestProject(tester.actor);
    const other = await createTestProject(tester.actor);
    const foreign = await createTestSession(tester.actor, other);
    const path = `/api/v1/projects/${project.id}/schedules`;
    const post = (body: unknown) => callRoute(schedulesRoute.POST, { method: "POST", path, params: { id: project.id }, headers: tester.authHeader, body });

    const badCron = await post({ sessionId: foreign.id, cron: "61 * * * *", timezone: "Mars/Olympus" });
    expect(badCron.status).toBe(400);
    expect(badCron.body.error.fields.cron[0]).toMatch(/minute/);
    expect(badCron.body.error.fields.timezone[0]).toMatch(/IANA/);
    const seconds = await post({ sessionId: foreign.id, cron: "*/5 * * * * *" });
    expect(seconds.body.error.fields.cron[0]).toMatch(/five fields/);
    const wrongProject = await post({ sessionId: foreign.id, cron: "0 6 * * 1" });
    expect(wrongProject.status).toBe(400);
    expect(wrongProject.body.error.fields.sessionId[0]).toMatch(/belongs to the project/);
    const unknownField = await post({ sessionId: foreign.id, cron: "0 6 * * 1", every: "day" });
    expect(unknownField.status).toBe(400);
    expect(await db.scanSchedule.count({ where: { projectId: project.id } })).toBe(0);
  });
});
