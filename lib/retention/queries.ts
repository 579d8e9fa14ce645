/** Reading retention settings: the instance default, a project's own, and what applies. */
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { effectiveRetention, NO_RETENTION, type RetentionSettings } from "./schema";

export type ProjectRetention = RetentionSettings & { instance: RetentionSettings; effective: RetentionSettings };

const settingsSelect = { retentionKeepRuns: true, retentionKeepDays: true, retentionScreenshotDays: true } as const;

export function toSettings(row: { retentionKeepRuns: number | null; retentionKeepDays: number | null; retentionScreenshotDays: number | null }): RetentionSettings {
  return { keepRuns: row.retentionKeepRuns, keepDays: row.retentionKeepDays, screenshotDays: row.retentionScreenshotDays };
}

/** The instance default (no limits until an admin sets one). */
export async function getInstanceRetention(): Promise<RetentionSettings> {
  const row = await db.instanceSettings.findUnique({ where: { id: 1 }, select: settingsSelect });
  return row ? toSettings(row) : NO_RETENTION;
}

export async function getProjectRetention(projectId: string): Promise<ProjectRetention> {
  const [project, instance] = await Promise.all([db.project.findUnique({ where: { id: projectId }, select: settingsSelect }), getInstanceRetention()]);
  if (!project) throw notFound("Project");
  const own = toSettings(project);
  return { ...own, instance, effective: effectiveRetention(own, instance) };
}
