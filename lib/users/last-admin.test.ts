import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";
import { createUser, updateUser } from "./mutations";

// A database of its own: "the last active admin" counts every admin, and the shared test
// database has admins from other files.
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = await createTestDatabase(inject("databaseServerUrl"), "last_admin");
  process.env.DATABASE_URL = databaseUrl;
  resetEnvCache();
});

afterAll(async () => {
  await disconnectDb();
  await dropTestDatabase(databaseUrl);
});

describe("the last active admin", () => {
  it("survives two admins demoting each other at the same moment", async () => {
    for (let round = 0; round < 8; round++) {
      const [first, second] = await Promise.all(
        ["a", "b"].map((name) =>
          createUser(null, { email: `admin-${name}-${round}@example.org`, name: `Admin ${name}`, role: "ADMIN", password: "a-long-password-1" }),
        ),
      );
      const outcomes = await Promise.allSettled([
        updateUser({ id: first!.id, email: first!.email }, second!.id, { role: "TESTER" }),
        updateUser({ id: second!.id, email: second!.email }, first!.id, { disabled: true }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.find((outcome) => outcome.status === "rejected");
      expect(refused?.reason).toMatchObject({ code: "conflict", message: expect.stringMatching(/last active admin/) });
      expect(await db.user.count({ where: { role: "ADMIN", disabled: false } })).toBe(1);
      // Back to no admins for the next round.
      await db.user.updateMany({ data: { role: "VIEWER" } });
    }
  });
});
