/**
 * Liveness only: answers a constant without touching the database (load balancers; /api/health
 * says whether the app can actually serve). bench:api uses it as its floor: what any route costs.
 */
import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

export function GET() {
  return NextResponse.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
