import { apiRoute } from "@/lib/api/route";
import { getStorageReport } from "@/lib/retention/storage";

export const GET = apiRoute("GET /api/v1/storage", async () => getStorageReport());
