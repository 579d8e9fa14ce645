import type { Metadata } from "next";
import { RetentionForm } from "@/components/retention/retention-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/page";
import { getInstanceRetention } from "@/lib/retention/queries";
import { describeRetention } from "@/lib/retention/schema";
import { updateInstanceRetentionAction } from "./actions";

export const metadata: Metadata = { title: "Storage and retention" };
export const dynamic = "force-dynamic";

export default async function StoragePage() {
  await requirePageUser("retention:manage");
  const instance = await getInstanceRetention();
  return (
    <>
      <PageHeader title="Storage and retention" description="How long scan runs are kept, and the space they take." />
      <section aria-labelledby="default-retention-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="default-retention-title" className="mb-2 text-xl font-semibold">
          Default retention
        </h2>
        <p className="mb-4 text-slate-700">
          For every project that sets none of its own. {describeRetention(instance)} A worker prunes in the background, in small batches, and records each pass in the audit log.
        </p>
        <RetentionForm action={updateInstanceRetentionAction} settings={instance} submitLabel="Save default retention" />
      </section>
    </>
  );
}
