import type { Metadata } from "next";
import { AuthConfigForm } from "@/components/auth-configs/auth-config-form";
import { AUTH_CONFIG_FIELD_LABELS } from "@/components/auth-configs/labels";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/page";
import { listProjectOptions } from "@/lib/projects/queries";
import { createAuthConfigAction } from "../actions";

export const metadata: Metadata = { title: "New auth config" };

export default async function NewAuthConfigPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("auth-configs:manage");
  const projects = await listProjectOptions();
  const requested = (await searchParams).projectId;
  const projectId = typeof requested === "string" && projects.some((project) => project.id === requested) ? requested : "";
  return (
    <>
      <PageHeader title="New auth config" description="Credentials for testing pages behind a login." />
      <div className="max-w-3xl rounded-lg border border-slate-300 bg-white p-6">
        <AuthConfigForm
          action={createAuthConfigAction}
          labels={AUTH_CONFIG_FIELD_LABELS}
          projects={projects}
          secret={{ isSet: false, updatedAt: null }}
          submitLabel="Create auth config"
          initial={{ type: "form", status: "active", projectId, "settings.successCheck.kind": "selector_visible" }}
        />
      </div>
    </>
  );
}
