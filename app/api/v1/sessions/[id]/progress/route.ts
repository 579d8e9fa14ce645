import { NextResponse } from "next/server";
import { apiRoute, uuidParams } from "@/lib/api/route";
import { getScanProgress } from "@/lib/scans/progress";

export const GET = apiRoute({ permission: "results:read", params: uuidParams("id") }, async ({ params }) =>
  NextResponse.json(await getScanProgress(params.id), { headers: { "cache-control": "no-store" } }),
);
