/**
 * A backup directory as a streamed .tar.gz for download: files are read one at a time and
 * compressed on the way out, so a backup of any size is served in constant memory.
 */
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import tar from "tar-stream";

export function createBackupArchive(dir: string): Readable {
  const pack = tar.pack();
  const output = new PassThrough();
  const name = path.basename(dir);

  const fill = async () => {
    const entries = (await fs.readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
    for (const file of entries) {
      const full = path.join(dir, file);
      const stat = await fs.stat(full);
      const entry = pack.entry({ name: `${name}/${file}`, size: stat.size, mode: 0o600, mtime: stat.mtime });
      await pipeline(createReadStream(full), entry);
    }
    pack.finalize();
  };

  fill().catch((error: unknown) => pack.destroy(error instanceof Error ? error : new Error(String(error))));
  pipeline(pack, createGzip(), output).catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}
