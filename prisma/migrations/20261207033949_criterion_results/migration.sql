-- CreateEnum
CREATE TYPE "CriterionOutcome" AS ENUM ('passed', 'failed', 'not_applicable', 'cannot_tell', 'untested');

-- CreateTable
CREATE TABLE "criterion_results" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "criterion" TEXT NOT NULL,
    "outcome" "CriterionOutcome" NOT NULL DEFAULT 'untested',
    "notes" TEXT,
    "checked_requirements" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "tested_by" UUID,
    "tested_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "criterion_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "criterion_instances" (
    "id" UUID NOT NULL,
    "criterion_result_id" UUID NOT NULL,
    "page_url" TEXT NOT NULL,
    "selector" TEXT,
    "description" TEXT NOT NULL,
    "screenshot_mime_type" TEXT,
    "screenshot_width" INTEGER,
    "screenshot_height" INTEGER,
    "screenshot_data" BYTEA,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "criterion_instances_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "criterion_results_tested_by_idx" ON "criterion_results"("tested_by");

-- CreateIndex
CREATE UNIQUE INDEX "criterion_results_session_id_criterion_key" ON "criterion_results"("session_id", "criterion");

-- CreateIndex
CREATE INDEX "criterion_instances_criterion_result_id_idx" ON "criterion_instances"("criterion_result_id");

-- CreateIndex
CREATE INDEX "criterion_instances_created_by_idx" ON "criterion_instances"("created_by");

-- AddForeignKey
ALTER TABLE "criterion_results" ADD CONSTRAINT "criterion_results_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "test_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "criterion_results" ADD CONSTRAINT "criterion_results_tested_by_fkey" FOREIGN KEY ("tested_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "criterion_instances" ADD CONSTRAINT "criterion_instances_criterion_result_id_fkey" FOREIGN KEY ("criterion_result_id") REFERENCES "criterion_results"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "criterion_instances" ADD CONSTRAINT "criterion_instances_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
