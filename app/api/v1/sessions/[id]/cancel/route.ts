import { apiRoute, uuidParams } from "@/lib/api/route";
import { cancelScan } from "@/lib/scans/mutations";

export const POST = apiRoute({ permission: "scans:run", params: uuidParams("id") }, async ({ user, params }) => cancelScan(user, params.id));
