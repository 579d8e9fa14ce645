/**
 * Production build on demand: `npm start` builds when there is no build yet or when the
 * sources changed since the last one (content hash, since a fresh clone has fresh mtimes).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

const SOURCE_DIRS = ["app", "components", "lib", "public"];
const SOURCE_FILES = ["next.config.js", "package-lock.json", "postcss.config.mjs", "tsconfig.json", "prisma/schema.prisma"];
const IGNORED = new Set(["generated", "node_modules", ".next"]);
const STAMP = path.join(".next", "clearsight-source-hash");

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const nested = await Promise.all(
    entries
      .filter((entry) => !IGNORED.has(entry.name))
      .map((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? listFiles(full) : Promise.resolve(entry.name.endsWith(".test.ts") ? [] : [full]);
      }),
  );
  return nested.flat();
}

export async function sourceHash(root = process.cwd()): Promise<string> {
  const files = [
    ...(await Promise.all(SOURCE_DIRS.map((dir) => listFiles(path.join(root, dir))))).flat(),
    ...SOURCE_FILES.map((file) => path.join(root, file)),
  ].sort();
  const hash = createHash("sha256");
  for (const file of files) {
    try {
      hash.update(path.relative(root, file)).update("\0").update(await fs.readFile(file)).update("\0");
    } catch {
      // Optional file not present.
    }
  }
  return hash.digest("hex");
}

export async function isBuildCurrent(root = process.cwd()): Promise<boolean> {
  try {
    await fs.access(path.join(root, ".next", "BUILD_ID"));
    return (await fs.readFile(path.join(root, STAMP), "utf8")).trim() === (await sourceHash(root));
  } catch {
    return false;
  }
}

export async function buildApp(root = process.cwd(), log: (line: string) => void = console.log): Promise<void> {
  const hash = await sourceHash(root);
  log("Building the production app (first start or sources changed; takes a minute or two)...");
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed with exit code ${code}`))));
  });
  await fs.writeFile(path.join(root, STAMP), hash);
}

export async function ensureBuilt(root = process.cwd(), log: (line: string) => void = console.log): Promise<void> {
  if (await isBuildCurrent(root)) return;
  await buildApp(root, log);
}
