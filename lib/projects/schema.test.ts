import { describe, expect, it } from "vitest";
import { fieldErrorsFromZod } from "@/lib/errors";
import { createProjectSchema } from "./schema";

describe("the project contract", () => {
  it("reports an empty Primary URL once", () => {
    const result = createProjectSchema.safeParse({ name: "Site", primaryUrl: "" });
    expect(result.success).toBe(false);
    expect(fieldErrorsFromZod(result.error!).primaryUrl).toEqual(["Enter the site's address as an absolute URL starting with http:// or https://."]);
  });

  it("still rejects a value that is not an http(s) URL, and one that is too long", () => {
    expect(fieldErrorsFromZod(createProjectSchema.safeParse({ name: "Site", primaryUrl: "ftp://example.org" }).error!).primaryUrl).toHaveLength(1);
    expect(fieldErrorsFromZod(createProjectSchema.safeParse({ name: "Site", primaryUrl: `https://example.org/${"a".repeat(2100)}` }).error!).primaryUrl).toEqual(["Use at most 2048 characters."]);
  });
});
