import { describe, expect, it } from "vitest";
import { can, PERMISSIONS } from "./permissions";

describe("permission table", () => {
  it("lets viewers read but not write", () => {
    expect(can("VIEWER", "projects:read")).toBe(true);
    expect(can("VIEWER", "projects:write")).toBe(false);
    expect(can("VIEWER", "users:manage")).toBe(false);
  });

  it("lets testers create and edit but not administer", () => {
    expect(can("TESTER", "projects:write")).toBe(true);
    expect(can("TESTER", "sessions:write")).toBe(true);
    expect(can("TESTER", "auth-configs:manage")).toBe(false);
    expect(can("TESTER", "projects:delete")).toBe(false);
  });

  it("gives admins every permission", () => {
    for (const permission of Object.keys(PERMISSIONS) as Array<keyof typeof PERMISSIONS>) {
      expect(can("ADMIN", permission)).toBe(true);
    }
  });

  it("never grants a viewer more than a tester", () => {
    for (const permission of Object.keys(PERMISSIONS) as Array<keyof typeof PERMISSIONS>) {
      if (can("VIEWER", permission)) expect(can("TESTER", permission)).toBe(true);
    }
  });
});
