import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AuthConfigForm, DeleteAuthConfigForm } from "@/components/auth-configs/auth-config-form";
import { AUTH_CONFIG_FIELD_LABELS } from "@/components/auth-configs/labels";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { TestLoginPanel } from "@/components/auth-configs/test-login-panel";
import { getAuthConfigWithUsage } from "@/lib/auth-configs/queries";
import { getLatestTestLogin } from "@/lib/auth-configs/test-login";
import { settingsFormValues } from "@/lib/auth-configs/form";
import { requirePageUser } from "@/lib/auth/page";
import { listProjectOptions } from "@/lib/projects/queries";
import { deleteAuthConfigAction, updateAuthConfigAction } from "../actions";

export const metadata: Metadata = { title: "Auth config" };

export default async function AuthConfigPage({
  params,
  searchParams,
}: {
  params: Promise<{ authConfigId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("auth-configs:manage");
  const { authConfigId } = await params;
  const [config, projects, latestTest] = await Promise.all([getAuthConfigWithUsage(authConfigId), listProjectOptions(), getLatestTestLogin(authConfigId)]);
  if (!config) notFound();
  const saved = Boolean((await searchParams).saved);
  const projectOptions = config.project && !projects.some((project) => project.id === config.project?.id) ? [...projects, config.project] : projects;
  return (
    <>
      <PageHeader title={config.name} description="Edit the credentials. The secret is write-only." />
      {saved ? (
        <Alert tone="success" role="status">
          Saved.
        </Alert>
      ) : null}
      <section aria-labelledby="test-login-title" className="mb-8 max-w-3xl rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="test-login-title" className="mb-2 text-xl font-semibold">
          Test login
        </h2>
        <dl className="mb-3 grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
          <dt className="font-semibold">Status</dt>
          <dd>{config.status}</dd>
          <dt className="font-semibold">Last verified</dt>
          <dd>{config.lastVerifiedAt ? `${config.lastVerifiedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : "Never"}</dd>
        </dl>
        <TestLoginPanel authConfigId={config.id} latest={latestTest} />
      </section>
      <section aria-labelledby="edit-auth-config-title" className="mb-8 max-w-3xl rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="edit-auth-config-title" className="mb-4 text-xl font-semibold">
          Credentials
        </h2>
        <AuthConfigForm
          key={config.updatedAt.toISOString()}
          action={updateAuthConfigAction.bind(null, config.id)}
          labels={AUTH_CONFIG_FIELD_LABELS}
          projects={projectOptions}
          secret={{ isSet: config.hasSecret, totpIsSet: config.hasTotpSecret, updatedAt: config.secretUpdatedAt ? `${config.secretUpdatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : null }}
          submitLabel="Save changes"
          initial={{
            name: config.name,
            type: config.type,
            status: config.status,
            domain: config.domain,
            url: config.url ?? "",
            loginPage: config.loginPage ?? "",
            username: config.username ?? "",
            projectId: config.projectId ?? "",
            expectedUpdatedAt: config.updatedAt.toISOString(),
            ...settingsFormValues(config.type, config.settings),
          }}
        />
      </section>
      <section aria-labelledby="delete-auth-config-title" className="max-w-3xl rounded-lg border border-red-700 bg-white p-6">
        <h2 id="delete-auth-config-title" className="mb-2 text-xl font-semibold text-red-900">
          Delete
        </h2>
        <DeleteAuthConfigForm action={deleteAuthConfigAction.bind(null, config.id)} sessionCount={config.sessionCount} />
      </section>
    </>
  );
}
