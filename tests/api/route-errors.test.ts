import { callRoute } from "./call-route";
import { describe, expect, it } from "vitest";
import { apiRoute } from "@/lib/api/route";
import { db } from "@/lib/db";

const raise = (sqlState: string) => db.$executeRawUnsafe(`DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '${sqlState}'; END $$`);

describe("the route wrapper and database errors", () => {
  it("runs a handler that lost a deadlock or serialization race once more", async () => {
    for (const sqlState of ["40P01", "40001"]) {
      let calls = 0;
      const handler = apiRoute({ permission: "public" }, async () => {
        calls++;
        if (calls === 1) await raise(sqlState);
        return { calls };
      });
      const result = await callRoute(handler, { path: "/api/v1/retry" });
      expect(result).toMatchObject({ status: 200, body: { calls: 2 } });
    }
  });

  it("answers 503 with Retry-After when the second run loses too, and does not try a third time", async () => {
    let calls = 0;
    const handler = apiRoute({ permission: "public" }, async () => {
      calls++;
      await raise("40P01");
    });
    const result = await callRoute(handler, { path: "/api/v1/retry" });
    expect(result).toMatchObject({ status: 503, body: { error: { code: "unavailable" } } });
    expect(calls).toBe(2);
  });

  it("maps database data errors (22xxx) to 400, not 500", async () => {
    const handler = apiRoute({ permission: "public" }, async () => db.auditEvent.findMany({ where: { createdAt: { gte: new Date("0000-01-01") } } }));
    const result = await callRoute(handler, { path: "/api/v1/data-error" });
    expect(result).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
  });
});
