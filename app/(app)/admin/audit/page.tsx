import type { Metadata } from "next";
import Link from "next/link";
import { DateTime } from "@/components/format/date-time";
import { Pagination } from "@/components/navigation/pagination";
import { Alert } from "@/components/ui/alert";
import { Button, LinkButton } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import { actionLabel, describeAuditEvents, recordTypeLabel } from "@/lib/audit/describe";
import { listAuditEvents, listAuditFacets } from "@/lib/audit/queries";
import { listAuditEventsQuerySchema } from "@/lib/audit/schema";
import { requirePageUser } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Audit log" };

const FILTERS = ["action", "recordType", "actor", "recordId", "from", "to"] as const;

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("audit:read");
  const raw = await searchParams;
  const input: Record<string, string | undefined> = {};
  for (const key of [...FILTERS, "page"] as const) {
    const value = raw[key];
    input[key] = Array.isArray(value) ? value[0] : value;
  }
  const parsed = listAuditEventsQuerySchema.safeParse(input);
  const [result, facets] = await Promise.all([
    listAuditEvents(parsed.success ? parsed.data : listAuditEventsQuerySchema.parse({})),
    listAuditFacets(),
  ]);
  const events = await describeAuditEvents(result.items);
  const filtered = FILTERS.some((key) => input[key]);
  const fieldErrors = parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), [issue.message]]));

  return (
    <>
      <PageHeader title="Audit log" description={`${result.total} event${result.total === 1 ? "" : "s"}${filtered ? " match the filters" : ""}`} />
      {parsed.success ? null : (
        <Alert tone="error" role="alert" title="Some filters are invalid and were ignored.">
          {Object.values(fieldErrors).flat().join(" ")}
        </Alert>
      )}
      <form role="search" aria-label="Filter the audit log" method="get" className="mb-6 grid gap-x-4 rounded-lg border border-slate-300 bg-white p-4 sm:grid-cols-3">
        <SelectField label="Action" name="action" options={[{ value: "", label: "Any action" }, ...facets.actions.map((action) => ({ value: action, label: actionLabel(action) }))]} defaultValue={input.action ?? ""} />
        <SelectField
          label="Record type"
          name="recordType"
          options={[{ value: "", label: "Any record type" }, ...facets.recordTypes.map((type) => ({ value: type, label: recordTypeLabel(type) }))]}
          defaultValue={input.recordType ?? ""}
        />
        <TextField label="Actor" name="actor" defaultValue={input.actor ?? ""} hint="Email (or part of it) or user id" error={fieldErrors.actor} />
        <TextField label="Record id" name="recordId" defaultValue={input.recordId ?? ""} error={fieldErrors.recordId} />
        <TextField label="From" name="from" type="date" defaultValue={input.from ?? ""} error={fieldErrors.from} />
        <TextField label="To (inclusive)" name="to" type="date" defaultValue={input.to ?? ""} error={fieldErrors.to} />
        <div className="flex flex-wrap gap-2 sm:col-span-3">
          <Button type="submit" variant="secondary">
            Apply filters
          </Button>
          {filtered ? <LinkButton href="/admin/audit">Clear filters</LinkButton> : null}
        </div>
      </form>

      {result.items.length === 0 ? (
        <p className="rounded-lg border border-slate-300 bg-white p-6 text-slate-700">No events match.</p>
      ) : (
        <section>
          <h2 id="audit-table-title" className="sr-only">
            Audit events, newest first
          </h2>
          <ScrollableTable labelledBy="audit-table-title" columns={[{ label: "When" }, { label: "Who" }, { label: "Action" }, { label: "Record" }, { label: "Changes" }]}>
            {events.map((event) => (
              <tr key={event.id} className="border-t border-slate-200 align-top">
                <td className="px-3 py-2 whitespace-nowrap">
                  <DateTime value={event.createdAt} />
                </td>
                <td className="px-3 py-2">
                  {event.actorHref ? <Link href={event.actorHref}>{event.actorName}</Link> : (event.actorName ?? (event.actorEmail ? null : "System"))}
                  {event.actorEmail ? <span className="block text-xs break-all text-slate-700">{event.actorEmail}</span> : null}
                </td>
                <td className="px-3 py-2">
                  {event.what}
                  <span className="block font-mono text-xs text-slate-700">{event.action}</span>
                </td>
                <td className="px-3 py-2">
                  {event.record.href ? (
                    <Link href={event.record.href} className="break-words">
                      {event.record.name ?? event.recordId}
                    </Link>
                  ) : (
                    <span className="break-words">
                      {event.record.name ?? <span className="break-all">{event.recordId}</span>}
                      {event.record.name ? null : <span className="block text-xs text-slate-700">{event.record.label}, no longer exists</span>}
                    </span>
                  )}
                </td>
                <td className="px-3 py-2">
                  {event.changes ? (
                    <details>
                      <summary className="cursor-pointer">Show changes</summary>
                      <pre className="mt-2 max-w-md overflow-x-auto text-xs break-all whitespace-pre-wrap">{JSON.stringify(event.changes, null, 2)}</pre>
                    </details>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </ScrollableTable>
          <Pagination
            page={result.page}
            pageSize={result.pageSize}
            total={result.total}
            basePath="/admin/audit"
            query={Object.fromEntries(FILTERS.map((key) => [key, input[key]]))}
            label="Audit log pages"
          />
        </section>
      )}
    </>
  );
}
