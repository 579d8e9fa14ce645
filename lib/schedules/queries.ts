import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { describeCron } from "./schema";

export const scheduleSelect = {
  id: true,
  projectId: true,
  sessionId: true,
  cron: true,
  timezone: true,
  enabled: true,
  nextRunAt: true,
  lastRunAt: true,
  lastError: true,
  createdAt: true,
  updatedAt: true,
  session: { select: { id: true, name: true } },
  createdBy: { select: { id: true, name: true } },
} as const satisfies Prisma.ScanScheduleSelect;

type ScheduleRow = Prisma.ScanScheduleGetPayload<{ select: typeof scheduleSelect }>;
export type ScheduleView = ScheduleRow & { description: string };

export function toScheduleView(row: ScheduleRow): ScheduleView {
  return { ...row, description: describeCron(row.cron) };
}

export async function listProjectSchedules(projectId: string): Promise<ScheduleView[]> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) throw notFound("Project");
  const rows = await db.scanSchedule.findMany({ where: { projectId }, select: scheduleSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toScheduleView);
}

export async function getSchedule(id: string): Promise<ScheduleView> {
  const row = await db.scanSchedule.findUnique({ where: { id }, select: scheduleSelect });
  if (!row) throw notFound("Schedule");
  return toScheduleView(row);
}
