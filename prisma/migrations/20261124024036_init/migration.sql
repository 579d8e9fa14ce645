-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'TESTER', 'VIEWER');

-- CreateEnum
CREATE TYPE "ProjectStatus" AS ENUM ('active', 'paused', 'archived');

-- CreateEnum
CREATE TYPE "SessionStatus" AS ENUM ('draft', 'queued', 'running', 'completed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "TestingApproach" AS ENUM ('automated', 'manual', 'hybrid');

-- CreateEnum
CREATE TYPE "WcagVersion" AS ENUM ('2.1', '2.2');

-- CreateEnum
CREATE TYPE "WcagLevel" AS ENUM ('A', 'AA', 'AAA');

-- CreateEnum
CREATE TYPE "AuthConfigType" AS ENUM ('basic', 'form', 'saml', 'oauth', 'api_key', 'custom');

-- CreateEnum
CREATE TYPE "AuthConfigStatus" AS ENUM ('active', 'inactive', 'testing', 'failed');

-- CreateEnum
CREATE TYPE "Impact" AS ENUM ('minor', 'moderate', 'serious', 'critical');

-- CreateEnum
CREATE TYPE "PageState" AS ENUM ('pending', 'scanning', 'done', 'error');

-- CreateEnum
CREATE TYPE "FindingKind" AS ENUM ('violation', 'needs_review');

-- CreateEnum
CREATE TYPE "ScreenshotKind" AS ENUM ('page', 'element');

-- CreateEnum
CREATE TYPE "TriageStatus" AS ENUM ('open', 'confirmed', 'false_positive', 'wont_fix', 'fixed');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'VIEWER',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "password_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "login_throttles" (
    "email" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "window_starts_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "login_throttles_pkey" PRIMARY KEY ("email")
);

-- CreateTable
CREATE TABLE "projects" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "client_name" TEXT,
    "primary_url" TEXT NOT NULL,
    "description" TEXT,
    "status" "ProjectStatus" NOT NULL DEFAULT 'active',
    "last_activity_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archived_at" TIMESTAMPTZ(3),
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "test_sessions" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "status" "SessionStatus" NOT NULL DEFAULT 'draft',
    "testing_approach" "TestingApproach" NOT NULL DEFAULT 'automated',
    "wcag_version" "WcagVersion" NOT NULL DEFAULT '2.2',
    "wcag_level" "WcagLevel" NOT NULL DEFAULT 'AA',
    "scope" JSONB NOT NULL DEFAULT '{}',
    "scan_options" JSONB NOT NULL DEFAULT '{}',
    "auth_config_id" UUID,
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "cancel_requested_at" TIMESTAMPTZ(3),
    "failure_reason" TEXT,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "test_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auth_configs" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" "AuthConfigType" NOT NULL,
    "domain" TEXT NOT NULL,
    "url" TEXT,
    "login_page" TEXT,
    "username" TEXT,
    "secret_encrypted" TEXT,
    "secret_updated_at" TIMESTAMPTZ(3),
    "settings" JSONB NOT NULL DEFAULT '{}',
    "status" "AuthConfigStatus" NOT NULL DEFAULT 'active',
    "last_used_at" TIMESTAMPTZ(3),
    "project_id" UUID,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "auth_configs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "page_results" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "state" "PageState" NOT NULL DEFAULT 'pending',
    "depth" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "http_status" INTEGER,
    "title" TEXT,
    "load_ms" INTEGER,
    "scan_ms" INTEGER,
    "error" TEXT,
    "engine" TEXT,
    "engine_version" TEXT,
    "passes" INTEGER NOT NULL DEFAULT 0,
    "incomplete" INTEGER NOT NULL DEFAULT 0,
    "scanned_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "page_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "violations" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "page_result_id" UUID NOT NULL,
    "rule_id" TEXT NOT NULL,
    "kind" "FindingKind" NOT NULL DEFAULT 'violation',
    "impact" "Impact",
    "wcag_criteria" TEXT[],
    "tags" TEXT[],
    "selector" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "summary" TEXT,
    "help" TEXT,
    "help_url" TEXT,
    "fingerprint" TEXT,
    "status" "TriageStatus" NOT NULL DEFAULT 'open',
    "status_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "violations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL,
    "actor_id" UUID,
    "actor_email" TEXT,
    "action" TEXT NOT NULL,
    "record_type" TEXT NOT NULL,
    "record_id" TEXT NOT NULL,
    "changes" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "screenshots" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "page_result_id" UUID NOT NULL,
    "violation_id" UUID,
    "kind" "ScreenshotKind" NOT NULL,
    "mime_type" TEXT NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "data" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "screenshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "triage_decisions" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "status" "TriageStatus" NOT NULL,
    "reason" TEXT,
    "decided_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "triage_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "users_role_idx" ON "users"("role");

-- CreateIndex
CREATE INDEX "projects_status_name_idx" ON "projects"("status", "name");

-- CreateIndex
CREATE INDEX "projects_status_last_activity_at_idx" ON "projects"("status", "last_activity_at");

-- CreateIndex
CREATE INDEX "projects_created_by_idx" ON "projects"("created_by");

-- CreateIndex
CREATE INDEX "test_sessions_project_id_created_at_idx" ON "test_sessions"("project_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "test_sessions_status_idx" ON "test_sessions"("status");

-- CreateIndex
CREATE INDEX "test_sessions_auth_config_id_idx" ON "test_sessions"("auth_config_id");

-- CreateIndex
CREATE INDEX "test_sessions_created_by_idx" ON "test_sessions"("created_by");

-- CreateIndex
CREATE INDEX "auth_configs_project_id_idx" ON "auth_configs"("project_id");

-- CreateIndex
CREATE INDEX "auth_configs_domain_idx" ON "auth_configs"("domain");

-- CreateIndex
CREATE INDEX "auth_configs_created_by_idx" ON "auth_configs"("created_by");

-- CreateIndex
CREATE INDEX "page_results_session_id_state_idx" ON "page_results"("session_id", "state");

-- CreateIndex
CREATE UNIQUE INDEX "page_results_session_id_url_key" ON "page_results"("session_id", "url");

-- CreateIndex
CREATE INDEX "violations_session_id_rule_id_idx" ON "violations"("session_id", "rule_id");

-- CreateIndex
CREATE INDEX "violations_session_id_fingerprint_idx" ON "violations"("session_id", "fingerprint");

-- CreateIndex
CREATE INDEX "violations_session_id_status_idx" ON "violations"("session_id", "status");

-- CreateIndex
CREATE INDEX "violations_page_result_id_idx" ON "violations"("page_result_id");

-- CreateIndex
CREATE INDEX "violations_fingerprint_idx" ON "violations"("fingerprint");

-- CreateIndex
CREATE INDEX "audit_events_record_type_record_id_idx" ON "audit_events"("record_type", "record_id");

-- CreateIndex
CREATE INDEX "audit_events_created_at_idx" ON "audit_events"("created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_events_actor_id_idx" ON "audit_events"("actor_id");

-- CreateIndex
CREATE INDEX "audit_events_action_idx" ON "audit_events"("action");

-- CreateIndex
CREATE UNIQUE INDEX "screenshots_violation_id_key" ON "screenshots"("violation_id");

-- CreateIndex
CREATE INDEX "screenshots_session_id_idx" ON "screenshots"("session_id");

-- CreateIndex
CREATE INDEX "screenshots_page_result_id_kind_idx" ON "screenshots"("page_result_id", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "triage_decisions_project_id_fingerprint_key" ON "triage_decisions"("project_id", "fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "test_sessions" ADD CONSTRAINT "test_sessions_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "test_sessions" ADD CONSTRAINT "test_sessions_auth_config_id_fkey" FOREIGN KEY ("auth_config_id") REFERENCES "auth_configs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "test_sessions" ADD CONSTRAINT "test_sessions_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auth_configs" ADD CONSTRAINT "auth_configs_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auth_configs" ADD CONSTRAINT "auth_configs_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "page_results" ADD CONSTRAINT "page_results_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "test_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "violations" ADD CONSTRAINT "violations_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "test_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "violations" ADD CONSTRAINT "violations_page_result_id_fkey" FOREIGN KEY ("page_result_id") REFERENCES "page_results"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "screenshots" ADD CONSTRAINT "screenshots_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "test_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "screenshots" ADD CONSTRAINT "screenshots_page_result_id_fkey" FOREIGN KEY ("page_result_id") REFERENCES "page_results"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "screenshots" ADD CONSTRAINT "screenshots_violation_id_fkey" FOREIGN KEY ("violation_id") REFERENCES "violations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "triage_decisions" ADD CONSTRAINT "triage_decisions_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "triage_decisions" ADD CONSTRAINT "triage_decisions_decided_by_fkey" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
