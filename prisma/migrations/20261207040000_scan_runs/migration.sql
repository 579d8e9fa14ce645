-- CreateEnum
CREATE TYPE "RunTrigger" AS ENUM ('user', 'schedule', 'api_token');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'completed', 'failed', 'cancelled');

-- DropIndex
DROP INDEX "page_results_session_id_state_idx";

-- DropIndex
DROP INDEX "page_results_session_id_url_key";

-- DropIndex
DROP INDEX "violations_session_id_rule_id_idx";

-- DropIndex
DROP INDEX "violations_session_id_status_idx";

-- CreateTable
CREATE TABLE "scan_runs" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "trigger" "RunTrigger" NOT NULL DEFAULT 'user',
    "triggered_by" UUID,
    "api_token_id" UUID,
    "schedule_id" UUID,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "cancel_requested_at" TIMESTAMPTZ(3),
    "pages_planned" INTEGER NOT NULL DEFAULT 0,
    "pages_done" INTEGER NOT NULL DEFAULT 0,
    "pages_failed" INTEGER NOT NULL DEFAULT 0,
    "violations" INTEGER NOT NULL DEFAULT 0,
    "needs_review" INTEGER NOT NULL DEFAULT 0,
    "engine_versions" JSONB NOT NULL DEFAULT '{}',
    "failure_reason" TEXT,
    "screenshots_pruned_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "scan_runs_pkey" PRIMARY KEY ("id")
);

-- Every session that has scan data (pages, or an automated scan that was started) gets its
-- existing pages, findings and screenshots as run 1. Counts and engine versions are read from
-- the rows themselves, and who started the scan is the actor of the session's latest scan_start
-- audit event, when there is one.
ALTER TABLE "page_results" ADD COLUMN "run_id" UUID;
ALTER TABLE "violations" ADD COLUMN "run_id" UUID;
ALTER TABLE "screenshots" ADD COLUMN "run_id" UUID;

INSERT INTO "scan_runs" ("id", "session_id", "number", "trigger", "triggered_by", "status", "queued_at", "started_at",
                         "completed_at", "cancel_requested_at", "pages_planned", "pages_done", "pages_failed", "violations",
                         "needs_review", "engine_versions", "failure_reason", "created_at", "updated_at")
SELECT gen_random_uuid(), s."id", 1, 'user',
       (SELECT a."actor_id" FROM "audit_events" a
        WHERE a."record_type" = 'test_session' AND a."record_id" = s."id"::text AND a."action" = 'session.scan_start'
        ORDER BY a."created_at" DESC LIMIT 1),
       (CASE s."status" WHEN 'draft' THEN 'cancelled' ELSE s."status"::text END)::"RunStatus",
       coalesce(s."started_at", s."created_at"), s."started_at",
       CASE WHEN s."status" IN ('queued', 'running') THEN NULL ELSE coalesce(s."completed_at", s."started_at", s."updated_at") END,
       s."cancel_requested_at",
       (SELECT count(*) FROM "page_results" p WHERE p."session_id" = s."id"),
       (SELECT count(*) FROM "page_results" p WHERE p."session_id" = s."id" AND p."state" = 'done'),
       (SELECT count(*) FROM "page_results" p WHERE p."session_id" = s."id" AND p."state" = 'error'),
       (SELECT count(*) FROM "violations" v WHERE v."session_id" = s."id" AND v."kind" = 'violation'),
       (SELECT count(*) FROM "violations" v WHERE v."session_id" = s."id" AND v."kind" = 'needs_review'),
       coalesce((SELECT jsonb_object_agg(e."engine", e."version") FROM (
                   SELECT p."engine", max(p."engine_version") AS "version" FROM "page_results" p
                   WHERE p."session_id" = s."id" AND p."engine" IS NOT NULL GROUP BY p."engine") e), '{}'::jsonb),
       s."failure_reason", coalesce(s."started_at", s."created_at"), now()
FROM "test_sessions" s
WHERE EXISTS (SELECT 1 FROM "page_results" p WHERE p."session_id" = s."id")
   OR (s."testing_approach" <> 'manual' AND s."status" <> 'draft');

UPDATE "page_results" p SET "run_id" = r."id" FROM "scan_runs" r WHERE r."session_id" = p."session_id";
UPDATE "violations" v SET "run_id" = r."id" FROM "scan_runs" r WHERE r."session_id" = v."session_id";
UPDATE "screenshots" x SET "run_id" = r."id" FROM "scan_runs" r WHERE r."session_id" = x."session_id";

ALTER TABLE "page_results" ALTER COLUMN "run_id" SET NOT NULL;
ALTER TABLE "violations" ALTER COLUMN "run_id" SET NOT NULL;
ALTER TABLE "screenshots" ALTER COLUMN "run_id" SET NOT NULL;

-- CreateIndex
CREATE INDEX "scan_runs_status_idx" ON "scan_runs"("status");

-- CreateIndex
CREATE INDEX "scan_runs_triggered_by_idx" ON "scan_runs"("triggered_by");

-- CreateIndex
CREATE INDEX "scan_runs_api_token_id_idx" ON "scan_runs"("api_token_id");

-- CreateIndex
CREATE INDEX "scan_runs_schedule_id_idx" ON "scan_runs"("schedule_id");

-- CreateIndex
CREATE UNIQUE INDEX "scan_runs_session_id_number_key" ON "scan_runs"("session_id", "number");

-- CreateIndex
CREATE INDEX "page_results_run_id_state_idx" ON "page_results"("run_id", "state");

-- CreateIndex
CREATE INDEX "page_results_session_id_idx" ON "page_results"("session_id");

-- CreateIndex
CREATE UNIQUE INDEX "page_results_run_id_url_key" ON "page_results"("run_id", "url");

-- CreateIndex
CREATE INDEX "screenshots_run_id_idx" ON "screenshots"("run_id");

-- CreateIndex
CREATE INDEX "violations_run_id_rule_id_idx" ON "violations"("run_id", "rule_id");

-- CreateIndex
CREATE INDEX "violations_run_id_id_idx" ON "violations"("run_id", "id");

-- AddForeignKey
ALTER TABLE "scan_runs" ADD CONSTRAINT "scan_runs_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "test_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scan_runs" ADD CONSTRAINT "scan_runs_triggered_by_fkey" FOREIGN KEY ("triggered_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scan_runs" ADD CONSTRAINT "scan_runs_api_token_id_fkey" FOREIGN KEY ("api_token_id") REFERENCES "api_tokens"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "page_results" ADD CONSTRAINT "page_results_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "scan_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "violations" ADD CONSTRAINT "violations_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "scan_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "screenshots" ADD CONSTRAINT "screenshots_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "scan_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

