import type { Metadata } from "next";
import Link from "next/link";
import { DateTime } from "@/components/format/date-time";
import { Pagination } from "@/components/navigation/pagination";
import { Alert } from "@/components/ui/alert";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import { listAuthConfigs } from "@/lib/auth-configs/queries";
import { listAuthConfigsQuerySchema } from "@/lib/auth-configs/schema";
import { AUTH_CONFIG_TYPE_LABELS } from "@/lib/auth-configs/types";
import { requirePageUser } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Auth configs" };

export default async function AuthConfigsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("auth-configs:manage");
  const raw = await searchParams;
  const page = Array.isArray(raw.page) ? raw.page[0] : raw.page;
  const parsed = listAuthConfigsQuerySchema.safeParse({ page });
  const result = await listAuthConfigs(parsed.success ? parsed.data : {});
  return (
    <>
      <PageHeader
        title="Auth configs"
        description="Credentials the scanner uses to reach pages behind a login. Secrets are stored encrypted and never shown."
        actions={
          <LinkButton href="/admin/auth-configs/new" variant="primary">
            New auth config
          </LinkButton>
        }
      />
      {raw.deleted ? (
        <Alert tone="success" role="status">
          The credentials were deleted.
        </Alert>
      ) : null}
      {result.items.length === 0 ? (
        <p className="rounded-lg border border-slate-300 bg-white p-6 text-slate-700">No auth configs yet.</p>
      ) : (
        <section>
          <h2 id="auth-configs-table-title" className="sr-only">
            All auth configs
          </h2>
          <ScrollableTable labelledBy="auth-configs-table-title" columns={[{ label: "Name" }, { label: "Type" }, { label: "Domain" }, { label: "Project" }, { label: "Status" }, { label: "Secret" }]}>
            {result.items.map((config) => (
              <tr key={config.id} className="border-t border-slate-200">
                <th scope="row" className="px-3 py-2 font-semibold">
                  <Link href={`/admin/auth-configs/${config.id}`}>{config.name}</Link>
                </th>
                <td className="px-3 py-2">{AUTH_CONFIG_TYPE_LABELS[config.type]}</td>
                <td className="px-3 py-2 break-all">{config.domain}</td>
                <td className="px-3 py-2">{config.project ? <Link href={`/projects/${config.project.id}`}>{config.project.name}</Link> : "Shared"}</td>
                <td className="px-3 py-2">{config.status}</td>
                <td className="px-3 py-2">
                  {config.hasSecret ? (
                    <>
                      Set, changed <DateTime value={config.secretUpdatedAt} />
                    </>
                  ) : (
                    "Not set"
                  )}
                </td>
              </tr>
            ))}
          </ScrollableTable>
          <Pagination page={result.page} pageSize={result.pageSize} total={result.total} basePath="/admin/auth-configs" query={{}} label="Auth config pages" />
        </section>
      )}
    </>
  );
}
