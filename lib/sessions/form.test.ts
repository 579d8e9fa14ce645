import { describe, expect, it } from "vitest";
import { CHECK_IDS } from "@/lib/scans/checks/catalog";
import { DEFAULT_ENGINE_IDS } from "@/lib/scans/engines/catalog";
import { createSessionSchema } from "./schema";
import { newSessionFormValues, sessionFormValues, sessionInputFromForm } from "./form";

const base = { name: "Engines", approach: "automated", wcagVersion: "2.2", wcagLevel: "AA", scopeUrls: "https://example.com/" };

describe("the session form's engines and own checks", () => {
  it("shows a new session with the default engines and checks switched on", () => {
    const values = newSessionFormValues("https://example.com/");
    expect(values["engine-qualweb"]).toBe("on");
    expect(values["engine-alfa"]).toBe("off");
    expect(values["engine-axe-core"]).toBeUndefined();
    for (const id of CHECK_IDS) expect(values[`check-${id}`]).toBe("on");
  });

  it("turns switched-off boxes into the session's engine and check lists, axe-core always in", () => {
    const firstCheck = CHECK_IDS[0];
    const input = createSessionSchema.parse(
      sessionInputFromForm({ ...base, "engine-qualweb": "off", ...Object.fromEntries(CHECK_IDS.map((id) => [`check-${id}`, id === firstCheck ? "on" : "off"])) }),
    );
    expect(input.scanOptions.engines).toEqual(["axe-core"]);
    expect(input.scanOptions.checks).toEqual(firstCheck ? [firstCheck] : []);
  });

  it("leaves the defaults when the form had no engine boxes, and shows stored choices back", () => {
    const input = createSessionSchema.parse(sessionInputFromForm(base));
    expect(input.scanOptions.engines).toEqual([...DEFAULT_ENGINE_IDS]);
    const shown = sessionFormValues({ ...input, description: null, authConfigId: null, authMode: "inherit", scanOptions: { engines: ["axe-core"], checks: [] } });
    expect(shown["engine-qualweb"]).toBe("off");
    for (const id of CHECK_IDS) expect(shown[`check-${id}`]).toBe("off");
  });

  it("refuses unknown engines and a session without axe-core, naming the field", () => {
    const unknown = createSessionSchema.safeParse({ ...sessionInputFromForm(base), scanOptions: { engines: ["axe-core", "wave"] } });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]?.path).toEqual(["scanOptions", "engines", 1]);
    const withoutAxe = createSessionSchema.safeParse({ ...sessionInputFromForm(base), scanOptions: { engines: ["alfa"] } });
    expect(withoutAxe.error?.issues[0]).toMatchObject({ path: ["scanOptions", "engines"], message: expect.stringMatching(/axe-core/) });
  });
});
