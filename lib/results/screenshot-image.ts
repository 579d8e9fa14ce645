/** Cuts an element's screenshot out of its page's screenshot. */
import sharp from "sharp";
import type { Box } from "@/lib/scans/page-scan";

const CROP_QUALITY = 85;

/** The region of `image` at `box`, clipped to the image, as a JPEG. */
export async function cropImage(image: Uint8Array, box: Box): Promise<Buffer> {
  const source = sharp(image);
  const { width = 0, height = 0 } = await source.metadata();
  const left = Math.min(Math.max(0, box.x), width - 1);
  const top = Math.min(Math.max(0, box.y), height - 1);
  const region = { left, top, width: Math.max(1, Math.min(box.width, width - left)), height: Math.max(1, Math.min(box.height, height - top)) };
  return source.extract(region).jpeg({ quality: CROP_QUALITY }).toBuffer();
}
