/**
 * Any /api path no route handles: the JSON error body with 404, like every other API error
 * (Next.js would answer with its HTML not-found page).
 */
import { jsonError } from "@/lib/api/route";
import { AppError } from "@/lib/errors";

function unknownPath(request: Request): Response {
  const { pathname } = new URL(request.url);
  return jsonError(new AppError("not_found", `No API endpoint at ${pathname}. The API is described at /api/v1/openapi.json.`));
}

export const GET = unknownPath;
export const POST = unknownPath;
export const PUT = unknownPath;
export const PATCH = unknownPath;
export const DELETE = unknownPath;
