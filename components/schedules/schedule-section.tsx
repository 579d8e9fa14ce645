import { DateTime } from "@/components/format/date-time";
import { Button } from "@/components/ui/button";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import type { FormState } from "@/lib/forms";
import type { ScheduleView } from "@/lib/schedules/queries";
import { ScheduleForm } from "./schedule-form";

/** The project's scan schedules, with enable/disable, delete and the form to add one. */
export type ScheduleActions = {
  create: (state: FormState, formData: FormData) => Promise<FormState>;
  toggle: (scheduleId: string, enabled: boolean) => Promise<void>;
  remove: (scheduleId: string) => Promise<void>;
};

export function ScheduleSection({ schedules, sessions, canWrite, actions }: { schedules: ScheduleView[]; sessions: Array<{ id: string; name: string }>; canWrite: boolean; actions: ScheduleActions }) {
  return (
    <section aria-labelledby="schedules-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
      <h2 id="schedules-title" className="mb-3 text-xl font-semibold">
        Scheduled scans
      </h2>
      {schedules.length === 0 ? (
        <p className="mb-4 text-slate-700">No scheduled scans.</p>
      ) : (
        <div className="mb-6">
          <ScrollableTable
            label="Schedules"
            columns={[{ label: "Session" }, { label: "When" }, { label: "Time zone" }, { label: "Next run" }, { label: "Last run" }, { label: "Actions", srOnly: !canWrite }]}
          >
            {schedules.map((schedule) => (
              <tr key={schedule.id} className="border-t border-slate-200 align-top">
                <th scope="row" className="px-3 py-2 font-semibold">
                  {schedule.session.name}
                </th>
                <td className="px-3 py-2">
                  {schedule.description}
                  <span className="block text-xs text-slate-700">
                    <code>{schedule.cron}</code>
                  </span>
                </td>
                <td className="px-3 py-2">{schedule.timezone}</td>
                <td className="px-3 py-2">{schedule.enabled ? <DateTime value={schedule.nextRunAt} fallback="never again" /> : "Paused"}</td>
                <td className="px-3 py-2">
                  <DateTime value={schedule.lastRunAt} fallback="Not yet" />
                  {schedule.lastError ? <span className="block text-sm text-red-800">Skipped: {schedule.lastError}</span> : null}
                </td>
                <td className="px-3 py-2">
                  {canWrite ? (
                    <div className="flex flex-wrap gap-2">
                      <form action={actions.toggle.bind(null, schedule.id, !schedule.enabled)}>
                        <Button type="submit" variant="secondary" aria-label={`${schedule.enabled ? "Pause" : "Resume"} schedule of ${schedule.session.name}, ${schedule.description}`}>
                          {schedule.enabled ? "Pause" : "Resume"}
                        </Button>
                      </form>
                      <form action={actions.remove.bind(null, schedule.id)}>
                        <Button type="submit" variant="danger" aria-label={`Delete schedule of ${schedule.session.name}, ${schedule.description}`}>
                          Delete
                        </Button>
                      </form>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </ScrollableTable>
        </div>
      )}
      {canWrite ? (
        <>
          <h3 className="mb-2 text-lg font-semibold">Add a schedule</h3>
          {sessions.length === 0 ? <p className="mb-2 text-slate-700">Create an automated or hybrid session first; a schedule scans it again and again.</p> : null}
          <ScheduleForm action={actions.create} sessions={sessions} defaultTimeZone="UTC" />
        </>
      ) : null}
    </section>
  );
}
