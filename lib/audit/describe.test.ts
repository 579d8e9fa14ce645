import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestProject, createTestSession, createTestUser } from "@/tests/support/factories";
import { actionLabel, describeAuditEvents } from "./describe";
import { listAuditEvents } from "./queries";
import { listAuditEventsQuerySchema } from "./schema";

describe("the audit log in words", () => {
  it("turns action codes into sentences, leaving unknown codes as they are", () => {
    expect(actionLabel("project.archive", "project")).toBe("Archived project");
    expect(actionLabel("session.scan_start", "test_session")).toBe("Started a scan of session");
    expect(actionLabel("violations.triage", "test_session")).toBe("Triaged findings of session");
    expect(actionLabel("user.password_reset", "user")).toBe("Reset the password of user");
    expect(actionLabel("something.new")).toBe("something.new");
  });

  it("names the actor and the record with links, and a deleted record by the name its event kept", async () => {
    const { user, actor } = await createTestUser("ADMIN");
    const project = await createTestProject(actor);
    const session = await createTestSession(actor, project);
    const events = await describeAuditEvents((await listAuditEvents(listAuditEventsQuerySchema.parse({ actor: user.id }))).items);

    const created = events.find((event) => event.action === "project.create")!;
    expect(created).toMatchObject({ actorName: user.name, actorHref: `/admin/users/${user.id}`, what: "Created project", record: { name: project.name, href: `/projects/${project.id}` } });
    const sessionEvent = events.find((event) => event.recordId === session.id)!;
    expect(sessionEvent.record).toEqual({ label: "session", name: `${session.name} (${project.name})`, href: `/sessions/${session.id}` });

    const gone = await db.auditEvent.create({
      data: { actorId: user.id, actorEmail: user.email, action: "project.delete", recordType: "project", recordId: crypto.randomUUID(), changes: { name: "Old site" } },
      select: { id: true, actorId: true, actorEmail: true, action: true, recordType: true, recordId: true, changes: true, createdAt: true },
    });
    const [described] = await describeAuditEvents([gone]);
    expect(described).toMatchObject({ what: "Deleted project", record: { name: "Old site", href: null } });
  });
});
