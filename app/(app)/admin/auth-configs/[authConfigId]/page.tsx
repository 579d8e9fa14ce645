import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AuthConfigForm, DeleteAuthConfigForm } from "@/components/auth-configs/auth-config-form";
import { AUTH_CONFIG_FIELD_LABELS } from "@/components/auth-configs/labels";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { getAuthConfigWithUsage } from "@/lib/auth-configs/queries";
import { formatStepLines, type CustomStep } from "@/lib/auth-configs/schema";
import { requirePageUser } from "@/lib/auth/page";
import { listProjectOptions } from "@/lib/projects/queries";
import { deleteAuthConfigAction, updateAuthConfigAction } from "../actions";

export const metadata: Metadata = { title: "Auth config" };

function settingsValues(type: string, settings: unknown): Record<string, string> {
  const value = (settings ?? {}) as Record<string, unknown>;
  if (type === "form") {
    const check = (value.successCheck ?? {}) as { kind?: string; value?: string };
    return {
      "settings.usernameSelector": String(value.usernameSelector ?? ""),
      "settings.passwordSelector": String(value.passwordSelector ?? ""),
      "settings.submitSelector": String(value.submitSelector ?? ""),
      "settings.successCheck.kind": check.kind ?? "selector_visible",
      "settings.successCheck.value": check.value ?? "",
    };
  }
  if (type === "api_key") return { "settings.headerName": String(value.headerName ?? "") };
  if (type === "custom") return { "settings.steps": formatStepLines((value.steps ?? []) as CustomStep[]) };
  return {};
}

export default async function AuthConfigPage({
  params,
  searchParams,
}: {
  params: Promise<{ authConfigId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("auth-configs:manage");
  const { authConfigId } = await params;
  const [config, projects] = await Promise.all([getAuthConfigWithUsage(authConfigId), listProjectOptions()]);
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
      <section aria-labelledby="edit-auth-config-title" className="mb-8 max-w-3xl rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="edit-auth-config-title" className="mb-4 text-xl font-semibold">
          Credentials
        </h2>
        <AuthConfigForm
          key={config.updatedAt.toISOString()}
          action={updateAuthConfigAction.bind(null, config.id)}
          labels={AUTH_CONFIG_FIELD_LABELS}
          projects={projectOptions}
          secret={{ isSet: config.hasSecret, updatedAt: config.secretUpdatedAt ? `${config.secretUpdatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : null }}
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
            ...settingsValues(config.type, config.settings),
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
