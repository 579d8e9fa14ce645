/**
 * Records the scan tests need (a user, a project on the fixture site, sessions), made directly
 * with the Prisma client so these tests do not depend on the project and session forms.
 */
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ScanOptionsInput, ScanScopeInput } from "@/lib/scans/schema";

export async function createTester() {
  const id = randomUUID();
  return db.user.create({
    data: { id, email: `tester-${id}@example.test`, name: "Scan Tester", passwordHash: "not-a-real-hash", role: "TESTER" },
    select: { id: true, email: true, name: true, role: true },
  });
}

export async function createProject(ownerId: string, primaryUrl: string) {
  return db.project.create({ data: { name: `Fixture ${randomUUID().slice(0, 8)}`, primaryUrl, createdById: ownerId }, select: { id: true, primaryUrl: true } });
}

export async function createScanSession(
  ownerId: string,
  projectId: string,
  scope: ScanScopeInput | Record<string, unknown>,
  scanOptions: ScanOptionsInput = {},
  extra: Partial<Pick<Prisma.TestSessionUncheckedCreateInput, "wcagLevel" | "wcagVersion" | "approach">> = {},
) {
  return db.testSession.create({
    data: {
      name: `Scan ${randomUUID().slice(0, 8)}`,
      projectId,
      createdById: ownerId,
      scope: scope as Prisma.InputJsonValue,
      scanOptions: scanOptions as Prisma.InputJsonValue,
      ...extra,
    },
    select: { id: true },
  });
}

/** Polls a database condition until it holds: scans finish in their own time. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
