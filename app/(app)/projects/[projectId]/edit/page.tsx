import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PROJECT_FIELD_LABELS } from "@/components/projects/labels";
import { ProjectForm } from "@/components/projects/project-form";
import { PageHeader } from "@/components/ui/page-header";
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
  return (
    <>
      <PageHeader title={`Edit ${project.name}`} />
      <div className="max-w-2xl rounded-lg border border-slate-300 bg-white p-6">
        <ProjectForm
          action={updateProjectAction.bind(null, project.id)}
          labels={PROJECT_FIELD_LABELS}
          submitLabel="Save changes"
          showStatus={project.status !== "archived"}
          initial={{
            name: project.name,
            clientName: project.clientName ?? "",
            primaryUrl: project.primaryUrl,
            description: project.description ?? "",
            status: project.status,
            expectedUpdatedAt: project.updatedAt.toISOString(),
          }}
        />
      </div>
    </>
  );
}
