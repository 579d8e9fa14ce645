import { apiRoute, uuidParams } from "@/lib/api/route";
import { listSessionCriteria } from "@/lib/audits/queries";

export const GET = apiRoute({ permission: "results:read", params: uuidParams("id") }, async ({ params }) => (await listSessionCriteria(params.id)).criteria);
