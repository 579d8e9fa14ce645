import { apiRoute } from "@/lib/api/route";
import { buildOpenApiDocument } from "@/lib/api/openapi";

export const GET = apiRoute("GET /api/v1/openapi.json", async ({ request }) => buildOpenApiDocument(request.nextUrl.origin));
