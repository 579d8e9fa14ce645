import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { DEMO_PROJECTS, DEMO_SESSIONS } from "@/lib/demo/seed";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";

// Runs the launcher's bootstrap in a child-free way against its own empty database.
describe("first-start bootstrap", () => {
  let databaseUrl: string;
  const originalUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase(inject("databaseServerUrl"), "bootstrap");
    process.env.DATABASE_URL = databaseUrl;
    process.env.ADMIN_EMAIL = "first-admin@example.org";
    delete process.env.ADMIN_PASSWORD;
    const { resetEnvCache } = await import("@/lib/env");
    resetEnvCache();
  });

  afterAll(async () => {
    const { disconnectDb } = await import("@/lib/db");
    await disconnectDb();
    process.env.DATABASE_URL = originalUrl;
    delete process.env.ADMIN_EMAIL;
    await dropTestDatabase(databaseUrl);
  });

  it("creates one admin with a generated password and loads the demo data once", async () => {
    const { bootstrapDatabase } = await import("./bootstrap");
    const first = await bootstrapDatabase({ demoData: true });
    expect(first.createdAdmin?.email).toBe("first-admin@example.org");
    expect(first.createdAdmin?.generatedPassword).toMatch(/^[\w-]{20,}$/);
    expect(first.demoRecordsInserted).toBe(DEMO_PROJECTS.length + DEMO_SESSIONS.length);

    const second = await bootstrapDatabase({ demoData: true });
    expect(second).toEqual({ demoRecordsInserted: 0 });

    const client = createPrismaClient(databaseUrl);
    try {
      const projects = await client.project.findMany({ orderBy: { name: "asc" }, include: { sessions: { orderBy: { name: "asc" } } } });
      expect(projects.map((project) => [project.id, project.name, project.primaryUrl, project.status])).toEqual([
        ["e6b23523-a3ec-478d-a964-b1ad3a38f9c8", "FM - SA", "https://fm-dev.ti.internet2.edu/", "active"],
        ["82ca3e78-808a-4963-8cc3-64e925c94699", "ToeTheLine.Life", "https://run-analysis.onrender.com", "active"],
      ]);
      expect(projects[1]?.description).toBe("Running analysis application");
      expect(projects[0]?.sessions.map((session) => [session.id, session.name, session.status])).toEqual([
        ["fc8f868c-5d54-482a-a384-0f2820845c09", "TEst 1", "completed"],
        ["ca48a7c9-9a4e-43d2-bfd9-782b2c507ded", "WCAG AAA", "completed"],
      ]);
      expect(projects[1]?.sessions.map((session) => session.id)).toEqual(["8bef608b-957f-4b2d-a73e-4aabaeddae28"]);
      expect(await client.user.count()).toBe(1);
    } finally {
      await client.$disconnect();
    }
  });
});
