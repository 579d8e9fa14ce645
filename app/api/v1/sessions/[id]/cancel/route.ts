import { apiRoute } from "@/lib/api/route";
import { cancelScan } from "@/lib/scans/mutations";

export const POST = apiRoute("POST /api/v1/sessions/{id}/cancel", async ({ user, params }) => cancelScan(user, params.id));
