import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute, authenticate } from "@/lib/api/route";
import { AppError, forbidden } from "@/lib/errors";
import { getHealth } from "@/lib/health";
import { can } from "@/lib/permissions";

export const dynamic = "force-dynamic";

const healthQuery = z.object({
  verify: z.enum(["1", "true"], { error: "verify is 1 or true (admins: re-check the schema now)." }).optional(),
});

export const GET = apiRoute({ permission: "public", query: healthQuery }, async ({ request, query }) => {
  if (query.verify) {
    const user = await authenticate(request);
    if (!user) throw new AppError("unauthenticated", "Sign in as an admin, or send an admin's API token, to re-verify the schema.");
    if (!can(user.role, "health:verify")) throw forbidden();
  }
  const report = await getHealth({ verify: Boolean(query.verify) });
  return NextResponse.json(report, { status: report.status === "healthy" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
});
