import type { Metadata } from "next";
import { NetworkRulesForm } from "@/components/network-policy/network-rules-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/page";
import { ALWAYS_REFUSED } from "@/lib/network/policy";
import { getNetworkRules } from "@/lib/network/rules";
import { updateNetworkRulesAction } from "./actions";

export const metadata: Metadata = { title: "Scan network policy" };
export const dynamic = "force-dynamic";

export default async function NetworkPolicyPage() {
  await requirePageUser("network-policy:manage");
  const rules = await getNetworkRules();
  return (
    <>
      <PageHeader title="Scan network policy" description="Where the scanner's browser may connect: every page, redirect and subresource is checked before it is requested." />
      <section aria-labelledby="always-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="always-title" className="mb-2 text-xl font-semibold">
          Always refused
        </h2>
        <p className="mb-2 text-slate-700">No rule can allow these. Loopback and private ranges are allowed unless a rule blocks them.</p>
        <ul className="list-disc pl-6 text-slate-800">
          {ALWAYS_REFUSED.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="rules-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="rules-title" className="mb-2 text-xl font-semibold">
          Allowed and blocked ranges and host names
        </h2>
        <p className="mb-4 text-slate-700">
          One rule a line: <code>allow</code> or <code>block</code>, then a CIDR range (<code>10.0.0.0/8</code>, <code>fd00::/8</code>), an address or a host name (
          <code>*.corp.example</code> for a domain and its subdomains). The last rule that matches an address wins.
        </p>
        <NetworkRulesForm action={updateNetworkRulesAction} rules={rules.stored} />
      </section>
      <section aria-labelledby="env-title" className="rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="env-title" className="mb-2 text-xl font-semibold">
          From the server&apos;s configuration
        </h2>
        <p className="mb-2 text-slate-700">
          <code>SCAN_NETWORK_POLICY</code> rules come after the rules above, so they win where both match. They can only be changed where Clearsight is started.
        </p>
        {rules.fromEnv ? <pre className="overflow-x-auto rounded bg-slate-100 p-3 text-sm whitespace-pre-wrap">{rules.fromEnv}</pre> : <p className="text-slate-700">None set.</p>}
      </section>
    </>
  );
}
