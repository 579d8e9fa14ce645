/**
 * The scan network policy's rules an admin sets on /admin/network, stored with the instance
 * settings. They are checked before SCAN_NETWORK_POLICY's (the last matching rule wins, so the
 * operator's environment has the final word), and neither can allow what is always refused.
 * Workers read them at start and every RULES_REFRESH_MS after.
 */
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { networkPolicyFromEnv, parsePolicyRules, type NetworkPolicy } from "./policy";

export const RULES_REFRESH_MS = 30_000;
const RULES_SOURCE = "Rules";

export const networkRulesSchema = z.object({
  rules: z
    .string({ error: "Enter the rules as text." })
    .max(20_000, "Use at most 20000 characters.")
    .transform((text) =>
      text
        .split(/[,\n]/)
        .map((line) => line.trim().replace(/\s+/g, " "))
        .filter(Boolean)
        .join("\n"),
    )
    .superRefine((text, context) => {
      try {
        parsePolicyRules(text, RULES_SOURCE);
      } catch (error) {
        context.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
      }
    }),
});
export type NetworkRulesInput = z.input<typeof networkRulesSchema>;

export type NetworkRulesView = { stored: string; fromEnv: string };

export async function getNetworkRules(): Promise<NetworkRulesView> {
  const row = await db.instanceSettings.findUnique({ where: { id: 1 }, select: { scanNetworkRules: true } });
  return { stored: row?.scanNetworkRules ?? "", fromEnv: (readEnv().SCAN_NETWORK_POLICY ?? "").split(",").map((rule) => rule.trim()).filter(Boolean).join("\n") };
}

export async function updateNetworkRules(actor: Actor, input: NetworkRulesInput): Promise<NetworkRulesView> {
  const { rules } = networkRulesSchema.parse(input);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO instance_settings (id, updated_at) VALUES (1, now()) ON CONFLICT (id) DO NOTHING`;
    const [before] = await tx.$queryRaw<Array<{ scan_network_rules: string }>>`SELECT scan_network_rules FROM instance_settings WHERE id = 1 FOR UPDATE`;
    if (before?.scan_network_rules === rules) return;
    await tx.instanceSettings.update({ where: { id: 1 }, data: { scanNetworkRules: rules } });
    await recordAudit(tx, actor, {
      action: "instance.network_policy",
      recordType: "instance_settings",
      recordId: "1",
      changes: { scanNetworkRules: { from: before?.scan_network_rules ?? "", to: rules } },
    });
  });
  return getNetworkRules();
}

/** The policy a worker applies: the environment's, with the stored rules read now (in place, so open tabs follow). */
export async function refreshNetworkPolicy(policy: NetworkPolicy): Promise<void> {
  const envRules = parsePolicyRules(readEnv().SCAN_NETWORK_POLICY ?? "");
  const row = await db.instanceSettings.findUnique({ where: { id: 1 }, select: { scanNetworkRules: true } });
  policy.rules = [...parsePolicyRules(row?.scanNetworkRules ?? "", RULES_SOURCE), ...envRules];
}

/** For a worker: the policy with the stored rules, refreshed in the background until `signal` aborts. */
export async function workerNetworkPolicy(onError: (error: unknown) => void): Promise<{ policy: NetworkPolicy; stop(): void }> {
  const policy = networkPolicyFromEnv();
  await refreshNetworkPolicy(policy).catch(onError);
  const timer = setInterval(() => void refreshNetworkPolicy(policy).catch(onError), RULES_REFRESH_MS);
  timer.unref();
  return { policy, stop: () => clearInterval(timer) };
}
