-- CreateTable
CREATE TABLE "login_client_throttles" (
    "client" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "window_starts_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "login_client_throttles_pkey" PRIMARY KEY ("client")
);
