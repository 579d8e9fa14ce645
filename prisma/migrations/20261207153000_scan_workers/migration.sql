-- CreateTable
CREATE TABLE "scan_workers" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "pages_recorded" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scan_workers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "scan_workers_last_heartbeat_at_idx" ON "scan_workers"("last_heartbeat_at");

