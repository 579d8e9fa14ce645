import type { Metadata } from "next";
import { PROJECT_FIELD_LABELS } from "@/components/projects/labels";
import { ProjectForm } from "@/components/projects/project-form";
import { PageHeader } from "@/components/ui/page-header";
import { listAuthConfigNames } from "@/lib/auth-configs/queries";
import { requirePageUser } from "@/lib/auth/page";
import { createProjectAction } from "../actions";

export const metadata: Metadata = { title: "New project" };

export default async function NewProjectPage() {
  await requirePageUser("projects:write");
  // A new project has no configs of its own yet: only shared ones can be its default.
  const authConfigs = await listAuthConfigNames({ projectId: null });
  return (
    <>
      <PageHeader title="New project" description="A site you test, with its sessions and results." />
      <div className="max-w-2xl rounded-lg border border-slate-300 bg-white p-6">
        <ProjectForm
          action={createProjectAction}
          labels={PROJECT_FIELD_LABELS}
          submitLabel="Create project"
          authConfigs={authConfigs}
          initial={{ name: "", clientName: "", primaryUrl: "", description: "", status: "active", defaultAuthConfigId: "" }}
        />
      </div>
    </>
  );
}
