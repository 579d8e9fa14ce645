import { callRoute } from "./call-route";
import { beforeAll, describe, expect, it } from "vitest";
import * as auditRoute from "@/app/api/v1/audit-events/route";
import { archiveProject, updateProject } from "@/lib/projects/mutations";
import { createTestProject, createTestUser, type TestUser } from "@/tests/support/factories";

let admin: TestUser;
let tester: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  [admin, tester, viewer] = await Promise.all([createTestUser("ADMIN"), createTestUser("TESTER"), createTestUser("VIEWER")]);
});

const get = (query: string, headers: Record<string, string> = admin.authHeader) =>
  callRoute(auditRoute.GET, { path: `/api/v1/audit-events${query}`, headers });

describe("audit events API", () => {
  it("is for admins only", async () => {
    expect((await get("", {})).status).toBe(401);
    expect((await get("", viewer.authHeader)).status).toBe(403);
    expect((await get("", tester.authHeader)).status).toBe(403);
    expect((await get("")).status).toBe(200);
  });

  it("filters by record, action, actor and date, newest first, paginated", async () => {
    const project = await createTestProject(tester.actor);
    const edited = await updateProject(admin.actor, project.id, { description: "Edited", expectedUpdatedAt: project.updatedAt.toISOString() });
    await archiveProject(tester.actor, project.id, { expectedUpdatedAt: edited.updatedAt.toISOString() });

    const all = await get(`?recordType=project&recordId=${project.id}`);
    expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 50 });
    expect(all.body.items.map((event: { action: string }) => event.action)).toEqual(["project.archive", "project.update", "project.create"]);
    expect(all.body.items[1]).toMatchObject({
      actorId: admin.user.id,
      actorEmail: admin.user.email,
      recordType: "project",
      recordId: project.id,
      changes: { description: { from: null, to: "Edited" } },
      createdAt: expect.any(String),
    });

    const byAction = await get(`?recordId=${project.id}&action=project.update`);
    expect(byAction.body.items.map((event: { action: string }) => event.action)).toEqual(["project.update"]);
    const byActorEmail = await get(`?recordId=${project.id}&actor=${encodeURIComponent(tester.user.email.toUpperCase())}`);
    expect(byActorEmail.body.total).toBe(2);
    const byActorId = await get(`?recordId=${project.id}&actor=${admin.user.id}`);
    expect(byActorId.body.total).toBe(1);

    const today = new Date().toISOString().slice(0, 10);
    expect((await get(`?recordId=${project.id}&from=${today}&to=${today}`)).body.total).toBe(3);
    expect((await get(`?recordId=${project.id}&to=2000-01-01`)).body.total).toBe(0);

    const paged = await get(`?recordId=${project.id}&pageSize=2&page=2`);
    expect(paged.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(paged.body.items.map((event: { action: string }) => event.action)).toEqual(["project.create"]);
  });

  it("rejects a malformed date", async () => {
    const result = await get("?from=yesterday");
    expect(result.status).toBe(400);
    expect(result.body.error.fields).toHaveProperty("from");
  });
});
