-- CreateEnum
CREATE TYPE "SessionAuthMode" AS ENUM ('inherit', 'none');

-- AlterEnum
ALTER TYPE "AuthConfigType" ADD VALUE 'cookie';

-- AlterTable
ALTER TABLE "auth_configs" ADD COLUMN     "last_verified_at" TIMESTAMPTZ(3),
ADD COLUMN     "totp_secret_encrypted" TEXT;

-- AlterTable
ALTER TABLE "page_results" ADD COLUMN     "authenticated" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "default_auth_config_id" UUID;

-- AlterTable
ALTER TABLE "test_sessions" ADD COLUMN     "auth_mode" "SessionAuthMode" NOT NULL DEFAULT 'inherit';

-- CreateTable
CREATE TABLE "auth_config_tests" (
    "id" UUID NOT NULL,
    "auth_config_id" UUID NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "steps" JSONB NOT NULL,
    "final_url" TEXT,
    "screenshot" BYTEA,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "auth_config_tests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "auth_config_tests_auth_config_id_created_at_idx" ON "auth_config_tests"("auth_config_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "auth_config_tests_created_by_idx" ON "auth_config_tests"("created_by");

-- AddForeignKey
ALTER TABLE "auth_config_tests" ADD CONSTRAINT "auth_config_tests_auth_config_id_fkey" FOREIGN KEY ("auth_config_id") REFERENCES "auth_configs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auth_config_tests" ADD CONSTRAINT "auth_config_tests_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
