import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SESSION_FIELD_LABELS } from "@/components/sessions/labels";
import { SessionForm } from "@/components/sessions/session-form";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { listAuthConfigNames } from "@/lib/auth-configs/queries";
import { requirePageUser } from "@/lib/auth/page";
import { newSessionFormValues } from "@/lib/sessions/form";
import { getProjectOrNull } from "@/lib/projects/queries";
import { createSessionAction } from "../../../../sessions/actions";

export async function generateMetadata({ params }: { params: Promise<{ projectId: string }> }): Promise<Metadata> {
  const project = await getProjectOrNull((await params).projectId);
  return { title: project ? `New test session · ${project.name}` : "Not found" };
}

export default async function NewSessionPage({ params }: { params: Promise<{ projectId: string }> }) {
  await requirePageUser("sessions:write");
  const { projectId } = await params;
  const project = await getProjectOrNull(projectId);
  if (!project) notFound();
  const authConfigs = await listAuthConfigNames({ projectId: project.id, includeShared: true });
  const site = new URL(project.primaryUrl).hostname;
  return (
    <>
      <PageHeader title="New test session" description={<>For <Link href={`/projects/${project.id}`}>{project.name}</Link></>} />
      {project.status === "archived" ? (
        <Alert tone="warning" title="This project is archived.">
          Unarchive it before adding sessions.
        </Alert>
      ) : (
        <div className="max-w-3xl rounded-lg border border-slate-300 bg-white p-6">
          <SessionForm
            action={createSessionAction.bind(null, project.id)}
            labels={SESSION_FIELD_LABELS}
            submitLabel="Create session"
            site={site}
            authConfigs={authConfigs}
            projectDefault={authConfigs.find((config) => config.id === project.defaultAuthConfigId) ?? null}
            initial={newSessionFormValues(project.primaryUrl)}
          />
        </div>
      )}
    </>
  );
}
