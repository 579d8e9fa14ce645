import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/route";
import { getHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "public" }, async () => {
  const report = await getHealth();
  return NextResponse.json(report, { status: report.status === "healthy" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
});
