import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createApiTokenSchema } from "@/lib/api-tokens/schema";
import { listAuditEventsQuerySchema } from "@/lib/audit/schema";
import { findUnstorableText, strictNumber } from "./input";

describe("strict numbers", () => {
  const schema = strictNumber(z.number().int().min(0));

  it("takes numbers and text that spells one", () => {
    expect(schema.parse(3)).toBe(3);
    expect(schema.parse(" 42 ")).toBe(42);
    expect(schema.parse("1e2")).toBe(100);
  });

  it("refuses what z.coerce.number() took for numbers", () => {
    for (const value of [true, false, [], [7], "", " ", null, "0x10", "12abc", {}, "Infinity", "1e400"]) {
      expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(false);
    }
  });

  it("in the contracts: expiresInDays: true is not 1 day", () => {
    const parsed = createApiTokenSchema.safeParse({ name: "CI", expiresInDays: true });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["expiresInDays"]);
  });
});

describe("dates PostgreSQL can hold", () => {
  it("refuses audit-log bounds outside years 1–9999 with the field named", () => {
    for (const from of ["0000-01-01", "-000001-01-01", "+275760-09-13"]) {
      const parsed = listAuditEventsQuerySchema.safeParse({ from });
      expect(parsed.success, from).toBe(false);
      expect(parsed.error?.issues[0]?.path, from).toEqual(["from"]);
    }
    expect(listAuditEventsQuerySchema.parse({ from: "0001-01-01", to: "9999-12-30" }).from).toEqual(new Date("0001-01-01"));
  });
});

describe("findUnstorableText", () => {
  it("names the first string PostgreSQL cannot store, in values and keys", () => {
    expect(findUnstorableText({ name: "ok", scope: { urls: ["https://a", "https://b\u0000"] } })).toBe("scope.urls.1");
    expect(findUnstorableText({ note: "lone \ud800 high" })).toBe("note");
    expect(findUnstorableText({ note: "lone \udc00 low" })).toBe("note");
    expect(findUnstorableText({ settings: { "bad\u0000key": 1 } })).toBe("settings.bad\\u0000key");
    expect(findUnstorableText("\u0000")).toBe("_");
  });

  it("passes well-formed text, emoji (surrogate pairs) included", () => {
    expect(findUnstorableText({ name: "Zoë 🚀 日本語", list: [1, null, true, "\t\n"] })).toBeUndefined();
  });
});
