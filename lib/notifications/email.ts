/**
 * Email alerts through SMTP_URL (nodemailer). The URL holds the SMTP credentials: it is read from
 * the environment only, never stored, logged or shown (the admin page shows its host).
 */
import nodemailer, { type Transporter } from "nodemailer";
import { readEnv } from "@/lib/env";

let cached: { url: string; transport: Transporter } | undefined;

export function emailConfigured(): boolean {
  return Boolean(readEnv().SMTP_URL);
}

/** host:port of the SMTP server, for display. */
export function smtpHost(): string | null {
  const url = readEnv().SMTP_URL;
  if (!url) return null;
  const parsed = new URL(url);
  return parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
}

function transport(url: string): Transporter {
  if (cached?.url !== url) {
    cached?.transport.close();
    cached = { url, transport: nodemailer.createTransport(url) };
  }
  return cached.transport;
}

type EventBody = {
  event: string;
  project: { name: string };
  session: { name: string };
  run: { status: string; finishedAt: string; failureReason: string | null };
  counts: { open: Record<string, number>; pagesScanned: number };
  newSerious?: { count: number; issues: Array<{ ruleId: string; impact: string | null; url: string }> };
  threshold?: { openViolations: number; previous: number; current: number; direction: string };
  links?: { results: string };
};

const SUBJECTS: Record<string, (body: EventBody) => string> = {
  "run.completed": (body) => `Scan completed: ${body.session.name} (${body.counts.open.total} open violations)`,
  "run.failed": (body) => `Scan failed: ${body.session.name}`,
  "issues.new_serious": (body) => `${body.newSerious?.count ?? 0} new critical/serious issues: ${body.session.name}`,
  "threshold.crossed": (body) => `Open violations ${body.threshold?.direction ?? "crossed"} ${body.threshold?.openViolations ?? ""}: ${body.session.name}`,
};

export function composeEmail(rawBody: string): { subject: string; text: string } {
  const body = JSON.parse(rawBody) as EventBody;
  const subject = `[Clearsight] ${body.project.name}: ${(SUBJECTS[body.event] ?? ((b: EventBody) => `${b.event}: ${b.session.name}`))(body)}`;
  const lines = [
    `Project: ${body.project.name}`,
    `Session: ${body.session.name}`,
    `Event: ${body.event}`,
    `Scan status: ${body.run.status} at ${body.run.finishedAt}`,
    ...(body.run.failureReason ? [`Why it failed: ${body.run.failureReason}`] : []),
    `Pages scanned: ${body.counts.pagesScanned}`,
    `Open violations: ${body.counts.open.total} (critical ${body.counts.open.critical ?? 0}, serious ${body.counts.open.serious ?? 0}, moderate ${body.counts.open.moderate ?? 0}, minor ${body.counts.open.minor ?? 0})`,
    ...(body.threshold ? [`Threshold ${body.threshold.openViolations}: ${body.threshold.previous} → ${body.threshold.current} (${body.threshold.direction})`] : []),
    ...(body.newSerious ? ["", `New critical or serious issues (${body.newSerious.count}):`, ...body.newSerious.issues.map((issue) => `- ${issue.impact ?? ""} ${issue.ruleId} on ${issue.url}`)] : []),
    ...(body.links ? ["", `Results: ${body.links.results}`] : []),
  ];
  return { subject, text: lines.join("\n") };
}

export async function sendEmail(recipients: string[], rawBody: string): Promise<void> {
  const env = readEnv();
  if (!env.SMTP_URL) throw new Error("SMTP_URL is not configured.");
  const { subject, text } = composeEmail(rawBody);
  await transport(env.SMTP_URL).sendMail({ from: env.SMTP_FROM, to: recipients, subject, text });
}
