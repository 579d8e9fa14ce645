import { DateTime } from "@/components/format/date-time";
import { Button } from "@/components/ui/button";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import type { FormState } from "@/lib/forms";
import type { listProjectNotifications } from "@/lib/notifications/queries";
import { EmailAlertForm, WebhookForm } from "./notification-forms";

type Data = Awaited<ReturnType<typeof listProjectNotifications>>;
export type NotificationActions = {
  createWebhook: (state: FormState, formData: FormData) => Promise<FormState>;
  createEmailAlert: (state: FormState, formData: FormData) => Promise<FormState>;
  removeWebhook: (id: string) => Promise<void>;
  removeEmailAlert: (id: string) => Promise<void>;
};

/** Webhooks, email alerts and their recent deliveries: for admins (targets are secrets). */
export function NotificationSection({ webhooks, emailAlerts, deliveries, smtpHost, canWrite, actions }: Data & { canWrite: boolean; actions: NotificationActions }) {
  return (
    <section aria-labelledby="notifications-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
      <h2 id="notifications-title" className="mb-3 text-xl font-semibold">
        Notifications
      </h2>
      <h3 id="webhooks-title" className="mb-2 text-lg font-semibold">
        Webhooks
      </h3>
      {webhooks.length === 0 ? (
        <p className="mb-4 text-slate-700">No webhooks.</p>
      ) : (
        <div className="mb-4">
          <ScrollableTable labelledBy="webhooks-title" columns={[{ label: "Host" }, { label: "Events" }, { label: "Threshold", align: "right" }, { label: "State" }, { label: "Actions" }]}>
            {webhooks.map((webhook) => (
              <tr key={webhook.id} className="border-t border-slate-200 align-top">
                <th scope="row" className="px-3 py-2 font-semibold break-all">
                  {webhook.urlHost}
                </th>
                <td className="px-3 py-2">{webhook.events.join(", ")}</td>
                <td className="px-3 py-2 text-right">{webhook.threshold ?? "—"}</td>
                <td className="px-3 py-2">{webhook.enabled ? "On" : "Off"}</td>
                <td className="px-3 py-2">
                  <form action={actions.removeWebhook.bind(null, webhook.id)}>
                    <Button type="submit" variant="danger" aria-label={`Delete webhook to ${webhook.urlHost}`}>
                      Delete
                    </Button>
                  </form>
                </td>
              </tr>
            ))}
          </ScrollableTable>
        </div>
      )}
      {canWrite ? (
        <details className="mb-6">
          <summary className="cursor-pointer font-semibold">Add a webhook</summary>
          <div className="mt-3">
            <WebhookForm action={actions.createWebhook} />
          </div>
        </details>
      ) : null}

      <h3 id="email-alerts-title" className="mb-2 text-lg font-semibold">
        Email alerts
      </h3>
      <p className="mb-2 text-sm text-slate-700">{smtpHost ? `Sent through the SMTP server at ${smtpHost}.` : "SMTP_URL is not set: email alerts are not sent (each delivery fails with that reason)."}</p>
      {emailAlerts.length === 0 ? (
        <p className="mb-4 text-slate-700">No email alerts.</p>
      ) : (
        <div className="mb-4">
          <ScrollableTable labelledBy="email-alerts-title" columns={[{ label: "Recipients" }, { label: "Events" }, { label: "Threshold", align: "right" }, { label: "Actions" }]}>
            {emailAlerts.map((alert) => (
              <tr key={alert.id} className="border-t border-slate-200 align-top">
                <th scope="row" className="px-3 py-2 font-semibold break-all">
                  {alert.recipients.join(", ")}
                </th>
                <td className="px-3 py-2">{alert.events.join(", ")}</td>
                <td className="px-3 py-2 text-right">{alert.threshold ?? "—"}</td>
                <td className="px-3 py-2">
                  <form action={actions.removeEmailAlert.bind(null, alert.id)}>
                    <Button type="submit" variant="danger" aria-label={`Delete email alert to ${alert.recipients.join(", ")}`}>
                      Delete
                    </Button>
                  </form>
                </td>
              </tr>
            ))}
          </ScrollableTable>
        </div>
      )}
      {canWrite ? (
        <details className="mb-6">
          <summary className="cursor-pointer font-semibold">Add an email alert</summary>
          <div className="mt-3">
            <EmailAlertForm action={actions.createEmailAlert} />
          </div>
        </details>
      ) : null}

      <h3 id="deliveries-title" className="mb-2 text-lg font-semibold">
        Recent deliveries
      </h3>
      {deliveries.length === 0 ? (
        <p className="text-slate-700">Nothing sent yet.</p>
      ) : (
        <ScrollableTable labelledBy="deliveries-title" columns={[{ label: "Queued" }, { label: "To" }, { label: "Event" }, { label: "State" }, { label: "Attempts", align: "right" }, { label: "Last answer" }]}>
          {deliveries.map((delivery) => (
            <tr key={delivery.id} className="border-t border-slate-200 align-top">
              <th scope="row" className="px-3 py-2 font-normal">
                <DateTime value={delivery.createdAt} />
              </th>
              <td className="px-3 py-2 break-all">{delivery.webhook?.urlHost ?? delivery.emailAlert?.recipients.join(", ") ?? "—"}</td>
              <td className="px-3 py-2">{delivery.event}</td>
              <td className="px-3 py-2">{delivery.state}</td>
              <td className="px-3 py-2 text-right">{delivery.attempts}</td>
              <td className="px-3 py-2">{delivery.lastStatusCode ? `HTTP ${delivery.lastStatusCode}` : (delivery.lastError ?? "—")}</td>
            </tr>
          ))}
        </ScrollableTable>
      )}
    </section>
  );
}
