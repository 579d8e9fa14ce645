/**
 * Reads a failure instance sent to the API: JSON (no screenshot), or multipart/form-data with
 * the fields and an optional `screenshot` file. The body is read with a cap, so a huge upload is
 * refused with 413 before it is buffered whole.
 */
import { AppError } from "@/lib/errors";
import { MAX_SCREENSHOT_BYTES } from "./schema";
import type { UploadedScreenshot } from "./mutations";

/** Room for the text fields and multipart framing around the largest screenshot. */
const MAX_UPLOAD_BYTES = MAX_SCREENSHOT_BYTES + 64 * 1024;

async function readCapped(request: Request): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  const tooLarge = new AppError("payload_too_large", `The upload is larger than ${MAX_SCREENSHOT_BYTES / 1024 / 1024} MB (the screenshot limit).`);
  if (declared > MAX_UPLOAD_BYTES) throw tooLarge;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_UPLOAD_BYTES) {
      await reader.cancel();
      throw tooLarge;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export async function readInstanceUpload(request: Request): Promise<{ fields: Record<string, unknown>; screenshot?: UploadedScreenshot }> {
  const type = request.headers.get("content-type") ?? "";
  const body = await readCapped(request);
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await new Response(new Blob([new Uint8Array(body)]), { headers: { "content-type": type } }).formData();
    } catch {
      throw new AppError("invalid_request", "The request body is not valid multipart/form-data.");
    }
    const fields: Record<string, unknown> = {};
    for (const name of ["pageUrl", "selector", "description"]) {
      const value = form.get(name);
      if (typeof value === "string") fields[name] = value;
    }
    const file = form.get("screenshot");
    const screenshot = file && typeof file !== "string" && file.size > 0 ? { data: new Uint8Array(await file.arrayBuffer()), declaredType: file.type } : undefined;
    return { fields, screenshot };
  }
  if (type.startsWith("application/json") || body.byteLength === 0) {
    try {
      const parsed: unknown = body.byteLength === 0 ? {} : JSON.parse(Buffer.from(body).toString("utf8"));
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
      return { fields: parsed as Record<string, unknown> };
    } catch {
      throw new AppError("invalid_request", "The request body is not a valid JSON object.");
    }
  }
  throw new AppError("invalid_request", "Send the instance as application/json, or as multipart/form-data to include a screenshot.");
}
