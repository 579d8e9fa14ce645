/**
 * Which runs retention removes now, and which lose only their screenshots: one query shared by
 * the pruner and the admin page's estimate, so both say the same thing.
 *
 * Rules, per project (its own setting, else the instance default, else no limit):
 * - keepRuns N: a run outside its session's newest N runs goes;
 * - keepDays D: a run that ended (or, never started, was queued) more than D days ago goes;
 * - screenshotDays S: the screenshots of a run that ended more than S days ago go, the run and
 *   its findings stay (until the rules above remove them).
 * A rule removes a run on its own ("at most N runs, none older than D days"). A session's
 * latest run and any queued or running run are never touched, and neither are triage decisions,
 * which live on the project, not on runs.
 */
import { Prisma } from "@/lib/generated/prisma/client";

export type PlannedRun = {
  runId: string;
  projectId: string;
  sessionId: string;
  number: number;
  /** The whole run goes; otherwise only its screenshots. */
  removeRun: boolean;
};

/** Runs to act on; `projectIds` narrows to those projects. */
export function planRetentionSql(options: { now: Date; projectIds?: string[]; limit?: number }): Prisma.Sql {
  const projectFilter = options.projectIds ? Prisma.sql`AND p.id = ANY(${options.projectIds}::uuid[])` : Prisma.empty;
  const limit = options.limit ? Prisma.sql`LIMIT ${options.limit}` : Prisma.empty;
  return Prisma.sql`
    WITH eff AS (
      SELECT p.id AS project_id,
             COALESCE(p.retention_keep_runs, i.retention_keep_runs) AS keep_runs,
             COALESCE(p.retention_keep_days, i.retention_keep_days) AS keep_days,
             COALESCE(p.retention_screenshot_days, i.retention_screenshot_days) AS shot_days
      FROM projects p LEFT JOIN instance_settings i ON i.id = 1
      WHERE TRUE ${projectFilter}
    ), ranked AS (
      SELECT r.id, r.session_id, r.number, r.status, r.screenshots_pruned_at, s.project_id,
             COALESCE(r.completed_at, r.started_at, r.queued_at) AS ended_at,
             row_number() OVER (PARTITION BY r.session_id ORDER BY r.number DESC) AS rank
      FROM scan_runs r JOIN test_sessions s ON s.id = r.session_id
      JOIN eff ON eff.project_id = s.project_id
      WHERE eff.keep_runs IS NOT NULL OR eff.keep_days IS NOT NULL OR eff.shot_days IS NOT NULL
    ), judged AS (
      SELECT ranked.*,
             ((eff.keep_runs IS NOT NULL AND ranked.rank > eff.keep_runs)
               OR (eff.keep_days IS NOT NULL AND ranked.ended_at < ${options.now}::timestamptz - make_interval(days => eff.keep_days))) AS remove_run,
             (eff.shot_days IS NOT NULL AND ranked.screenshots_pruned_at IS NULL
               AND ranked.ended_at < ${options.now}::timestamptz - make_interval(days => eff.shot_days)) AS remove_shots
      FROM ranked JOIN eff ON eff.project_id = ranked.project_id
      WHERE ranked.rank > 1 AND ranked.status NOT IN ('queued', 'running')
    )
    SELECT id::text AS "runId", project_id::text AS "projectId", session_id::text AS "sessionId", number, remove_run AS "removeRun"
    FROM judged WHERE remove_run OR remove_shots
    ORDER BY project_id, session_id, number
    ${limit}`;
}
