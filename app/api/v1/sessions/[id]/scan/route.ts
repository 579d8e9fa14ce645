import { apiRoute } from "@/lib/api/route";
import { startScan } from "@/lib/scans/mutations";
import { NextResponse } from "next/server";

/** Queues a scan; 409 with `currentStatus` when the session is already queued or running. */
export const POST = apiRoute("POST /api/v1/sessions/{id}/scan", async ({ user, params }) =>
  NextResponse.json(await startScan(user, params.id), { status: 202 }),
);
