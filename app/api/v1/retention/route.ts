import { apiRoute } from "@/lib/api/route";
import { updateInstanceRetention } from "@/lib/retention/mutations";
import { getInstanceRetention } from "@/lib/retention/queries";

export const GET = apiRoute("GET /api/v1/retention", async () => getInstanceRetention());

export const PATCH = apiRoute("PATCH /api/v1/retention", async ({ user, body }) => updateInstanceRetention(user, body));
