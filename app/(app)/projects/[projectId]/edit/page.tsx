import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PROJECT_FIELD_LABELS } from "@/components/projects/labels";
import { ProjectForm } from "@/components/projects/project-form";
import { PageHeader } from "@/components/ui/page-header";
import { listAuthConfigNames } from "@/lib/auth-configs/queries";
import { requirePageUser } from "@/lib/auth/page";
import { getProjectOrNull } from "@/lib/projects/queries";
import { updateProjectAction } from "../../actions";

export async function generateMetadata({ params }: { params: Promise<{ projectId: string }> }): Promise<Metadata> {
  const project = await getProjectOrNull((await params).projectId);
  return { title: project ? `Edit ${project.name}` : "Not found" };
}

export default async function EditProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  await requirePageUser("projects:write");
  const { projectId } = await params;
  const project = await getProjectOrNull(projectId);
  if (!project) notFound();
  const authConfigs = await listAuthConfigNames({ projectId: project.id, includeShared: true });
  return (
    <>
      <PageHeader title={`Edit ${project.name}`} />
      <div className="max-w-2xl rounded-lg border border-slate-300 bg-white p-6">
        <ProjectForm
          action={updateProjectAction.bind(null, project.id)}
          labels={PROJECT_FIELD_LABELS}
          submitLabel="Save changes"
          showStatus={project.status !== "archived"}
          authConfigs={authConfigs}
          initial={{
            name: project.name,
            clientName: project.clientName ?? "",
            primaryUrl: project.primaryUrl,
            description: project.description ?? "",
            status: project.status,
            defaultAuthConfigId: project.defaultAuthConfigId ?? "",
            expectedUpdatedAt: project.updatedAt.toISOString(),
          }}
        />
      </div>
    </>
  );
}
