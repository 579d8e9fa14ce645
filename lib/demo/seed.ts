/**
 * Demo data from the incident that motivated Clearsight: the projects and sessions that were
 * lost and recovered. Loaded idempotently at start (fixed ids; existing rows are never touched,
 * and a demo project someone deleted on purpose is not brought back).
 */
import { db } from "@/lib/db";

export const DEMO_PROJECTS = [
  {
    id: "e6b23523-a3ec-478d-a964-b1ad3a38f9c8",
    name: "FM - SA",
    clientName: "Internet2",
    primaryUrl: "https://fm-dev.ti.internet2.edu/",
    description: null,
    status: "active" as const,
  },
  {
    id: "82ca3e78-808a-4963-8cc3-64e925c94699",
    name: "ToeTheLine.Life",
    clientName: null,
    primaryUrl: "https://run-analysis.onrender.com",
    description: "Running analysis application",
    status: "active" as const,
  },
];

export const DEMO_SESSIONS = [
  {
    id: "fc8f868c-5d54-482a-a384-0f2820845c09",
    projectId: "e6b23523-a3ec-478d-a964-b1ad3a38f9c8",
    name: "TEst 1",
    wcagLevel: "AA" as const,
    scope: {
      urls: [
        "https://fm-dev.ti.internet2.edu/",
        "https://fm-dev.ti.internet2.edu/login",
        "https://fm-dev.ti.internet2.edu/dashboard",
        "https://fm-dev.ti.internet2.edu/reports",
      ],
    },
    startedAt: "2025-07-08T13:00:00.000Z",
    completedAt: "2025-07-08T13:22:51.000Z",
  },
  {
    id: "ca48a7c9-9a4e-43d2-bfd9-782b2c507ded",
    projectId: "e6b23523-a3ec-478d-a964-b1ad3a38f9c8",
    name: "WCAG AAA",
    wcagLevel: "AAA" as const,
    scope: { urls: ["https://fm-dev.ti.internet2.edu/"] },
    startedAt: "2025-07-10T09:00:00.000Z",
    completedAt: "2025-07-10T09:12:00.000Z",
  },
  {
    id: "8bef608b-957f-4b2d-a73e-4aabaeddae28",
    projectId: "82ca3e78-808a-4963-8cc3-64e925c94699",
    name: "Initial Assessment - 7/11",
    description: "First automated pass over the public pages",
    wcagLevel: "AA" as const,
    scope: { urls: ["https://run-analysis.onrender.com/", "https://run-analysis.onrender.com/login"] },
    startedAt: "2025-07-11T15:30:00.000Z",
    completedAt: "2025-07-11T15:41:27.000Z",
  },
];

/** Returns how many demo records were inserted (0 when they were all there already). */
export async function loadDemoData(ownerId: string): Promise<number> {
  return db.$transaction(async (tx) => {
    const deliberatelyDeleted = new Set(
      (
        await tx.auditEvent.findMany({
          where: { action: "project.delete", recordId: { in: DEMO_PROJECTS.map((project) => project.id) } },
          select: { recordId: true },
        })
      ).map((event) => event.recordId),
    );
    const projects = DEMO_PROJECTS.filter((project) => !deliberatelyDeleted.has(project.id));
    const projectIds = new Set(projects.map((project) => project.id));
    const insertedProjects = await tx.project.createMany({
      data: projects.map((project) => ({ ...project, createdById: ownerId })),
      skipDuplicates: true,
    });
    const insertedSessions = await tx.testSession.createMany({
      data: DEMO_SESSIONS.filter((session) => projectIds.has(session.projectId)).map((session) => ({
        ...session,
        status: "completed" as const,
        approach: "automated" as const,
        wcagVersion: "v2_2" as const,
        startedAt: new Date(session.startedAt),
        completedAt: new Date(session.completedAt),
        createdById: ownerId,
      })),
      skipDuplicates: true,
    });
    return insertedProjects.count + insertedSessions.count;
  });
}
