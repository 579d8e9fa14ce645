import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/route";
import { getScanProgress } from "@/lib/scans/progress";

export const GET = apiRoute("GET /api/v1/sessions/{id}/progress", async ({ params }) =>
  NextResponse.json(await getScanProgress(params.id), { headers: { "cache-control": "no-store" } }),
);
