-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "retention_keep_days" INTEGER,
ADD COLUMN     "retention_keep_runs" INTEGER,
ADD COLUMN     "retention_screenshot_days" INTEGER;

-- CreateTable
CREATE TABLE "instance_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "retention_keep_runs" INTEGER,
    "retention_keep_days" INTEGER,
    "retention_screenshot_days" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "instance_settings_pkey" PRIMARY KEY ("id")
);

