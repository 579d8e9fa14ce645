/**
 * What a worker needs to scan a run's pages, read once per run: a session's scope and options
 * cannot change while one of its runs is queued or running.
 */
import { db } from "@/lib/db";
import type { WcagVersion } from "@/lib/generated/prisma/enums";
import { tagsForLevel, type WcagVersionName } from "@/lib/wcag/criteria";
import { scanOptionsSchema, scanScopeSchema, type ScanOptions, type ScanScope } from "./schema";
import { originOf } from "./url";

const WCAG_VERSION_NAMES: Record<WcagVersion, WcagVersionName> = { v2_1: "2.1", v2_2: "2.2" };

export type ScanJob = {
  runId: string;
  sessionId: string;
  projectId: string;
  scope: ScanScope;
  options: ScanOptions;
  tags: string[];
  /** Origins a page may end on after redirects. */
  allowedOrigins: Set<string>;
  primaryUrl: string;
  /** The auth config to sign in with: the session's own, else the project's default, unless the session turned sign-in off. */
  authConfigId: string | null;
};

/** Null when the run is gone or its session's settings no longer parse. */
export async function loadScanJob(runId: string): Promise<ScanJob | null> {
  const run = await db.scanRun.findUnique({
    where: { id: runId },
    select: {
      session: {
        select: {
          id: true,
          projectId: true,
          scope: true,
          scanOptions: true,
          wcagVersion: true,
          wcagLevel: true,
          authConfigId: true,
          authMode: true,
          project: { select: { primaryUrl: true, defaultAuthConfigId: true } },
        },
      },
    },
  });
  if (!run) return null;
  const { session } = run;
  const scope = scanScopeSchema.safeParse(session.scope);
  const options = scanOptionsSchema.safeParse(session.scanOptions ?? {});
  if (!scope.success || !options.success) return null;
  const allowedOrigins = new Set<string>([originOf(session.project.primaryUrl)]);
  for (const url of scope.data.urls) allowedOrigins.add(originOf(url));
  if (scope.data.startUrl) allowedOrigins.add(originOf(scope.data.startUrl));
  return {
    runId,
    sessionId: session.id,
    projectId: session.projectId,
    scope: scope.data,
    options: options.data,
    tags: tagsForLevel(WCAG_VERSION_NAMES[session.wcagVersion], session.wcagLevel),
    allowedOrigins,
    primaryUrl: session.project.primaryUrl,
    authConfigId: session.authMode === "none" ? null : (session.authConfigId ?? session.project.defaultAuthConfigId),
  };
}
