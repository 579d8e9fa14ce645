import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { createTestUser } from "@/tests/support/factories";
import { checkUrl, networkPolicyFromEnv } from "./policy";
import { getNetworkRules, refreshNetworkPolicy, updateNetworkRules } from "./rules";

afterEach(() => {
  delete process.env.SCAN_NETWORK_POLICY;
  resetEnvCache();
});

describe("the admin's scan network rules", () => {
  it("are checked (naming the bad rule), stored one a line, and audited when they change", async () => {
    const admin = await createTestUser("ADMIN");
    await expect(updateNetworkRules(admin.actor, { rules: "block 10.0.0.0/8\npermit 10.1.0.0/16" })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["rules"], message: expect.stringMatching(/"permit 10.1.0.0\/16" must start with allow or block/) })],
    });
    await expect(updateNetworkRules(admin.actor, { rules: "block 10.0.0.0/33" })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["rules"] })] });
    await expect(updateNetworkRules(admin.actor, { rules: "allow ht$p://x" })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["rules"] })] });

    const saved = await updateNetworkRules(admin.actor, { rules: "  block   10.0.0.0/8 ,allow 10.1.0.0/16\n\nblock *.corp.example\n" });
    expect(saved.stored).toBe("block 10.0.0.0/8\nallow 10.1.0.0/16\nblock *.corp.example");
    await updateNetworkRules(admin.actor, { rules: saved.stored });
    const events = await db.auditEvent.findMany({ where: { action: "instance.network_policy", actorId: admin.user.id }, select: { changes: true } });
    expect(events).toHaveLength(1);
    expect(events[0]!.changes).toMatchObject({ scanNetworkRules: { to: saved.stored } });
  });

  it("reach a worker's policy in place, before SCAN_NETWORK_POLICY's rules (which win where both match)", async () => {
    const admin = await createTestUser("ADMIN");
    process.env.SCAN_NETWORK_POLICY = "allow 10.1.2.0/24";
    resetEnvCache();
    const policy = networkPolicyFromEnv();
    expect(await checkUrl(policy, "http://10.9.9.9/")).toBeNull();

    await updateNetworkRules(admin.actor, { rules: "block 10.0.0.0/8\nblock *.corp.example" });
    await refreshNetworkPolicy(policy);
    expect(await checkUrl(policy, "http://10.9.9.9/")).toMatch(/blocked by a rule/);
    expect(await checkUrl({ ...policy, resolve: async () => ["192.0.2.10"] }, "http://wiki.corp.example/")).toMatch(/blocked by a rule/);
    expect(await checkUrl(policy, "http://10.1.2.3/")).toBeNull();
    expect((await getNetworkRules()).fromEnv).toBe("allow 10.1.2.0/24");

    // Nothing widens the always-refused list.
    await updateNetworkRules(admin.actor, { rules: "allow 169.254.0.0/16" });
    await refreshNetworkPolicy(policy);
    expect(await checkUrl(policy, "http://169.254.169.254/")).toMatch(/link-local/);
    await updateNetworkRules(admin.actor, { rules: "" });
  });
});
