import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SESSION_FIELD_LABELS } from "@/components/sessions/labels";
import { SessionForm } from "@/components/sessions/session-form";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { listAuthConfigNames } from "@/lib/auth-configs/queries";
import { requirePageUser } from "@/lib/auth/page";
import { sessionFormValues } from "@/lib/sessions/form";
import { getSessionOrNull } from "@/lib/sessions/queries";
import { updateSessionAction } from "../../actions";

export async function generateMetadata({ params }: { params: Promise<{ sessionId: string }> }): Promise<Metadata> {
  const session = await getSessionOrNull((await params).sessionId);
  return { title: session ? `Edit ${session.name} · ${session.project.name}` : "Not found" };
}

export default async function EditSessionPage({ params }: { params: Promise<{ sessionId: string }> }) {
  await requirePageUser("sessions:write");
  const { sessionId } = await params;
  const session = await getSessionOrNull(sessionId);
  if (!session) notFound();
  const authConfigs = await listAuthConfigNames({ projectId: session.projectId, includeShared: true });
  const scanning = session.status === "queued" || session.status === "running";
  return (
    <>
      <PageHeader title={`Edit ${session.name}`} description={<>In <Link href={`/projects/${session.project.id}`}>{session.project.name}</Link></>} />
      {scanning ? (
        <Alert tone="info" title={`This session is ${session.status}.`}>
          You can change its name and description now; its scan settings can change once the scan ends or is cancelled.
        </Alert>
      ) : null}
      <div className="max-w-3xl rounded-lg border border-slate-300 bg-white p-6">
        <SessionForm
          action={updateSessionAction.bind(null, session.id)}
          labels={SESSION_FIELD_LABELS}
          submitLabel="Save changes"
          site={new URL(session.project.primaryUrl).hostname}
          authConfigs={authConfigs}
          projectDefault={authConfigs.find((config) => config.id === session.project.defaultAuthConfigId) ?? null}
          initial={{ ...sessionFormValues(session), expectedUpdatedAt: session.updatedAt.toISOString() }}
        />
      </div>
    </>
  );
}
