/**
 * Where `clearsight login` keeps the server URL and token: the user's config directory
 * ($XDG_CONFIG_HOME or ~/.config, %APPDATA% on Windows), readable by the user only.
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CliError, type Connection } from "./client";

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || (process.platform === "win32" && env.APPDATA) || path.join(os.homedir(), ".config");
  return path.join(base, "clearsight", "config.json");
}

export async function readConfig(env: NodeJS.ProcessEnv = process.env): Promise<Partial<Connection>> {
  try {
    const parsed = JSON.parse(await readFile(configPath(env), "utf8")) as Partial<Connection>;
    return { url: typeof parsed.url === "string" ? parsed.url : undefined, token: typeof parsed.token === "string" ? parsed.token : undefined };
  } catch {
    return {};
  }
}

export async function writeConfig(connection: Connection, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const file = configPath(env);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(connection, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode applies only when it creates the file.
  await chmod(file, 0o600);
  return file;
}

/** --url/--token, else CLEARSIGHT_URL/CLEARSIGHT_TOKEN, else what login stored. */
export async function resolveConnection(flags: { url?: string; token?: string }, env: NodeJS.ProcessEnv = process.env): Promise<Connection> {
  const stored = await readConfig(env);
  // An empty variable counts as unset (CI systems often define them empty).
  const url = flags.url || env.CLEARSIGHT_URL || stored.url;
  const token = flags.token || env.CLEARSIGHT_TOKEN || stored.token;
  if (!url) throw new CliError("No server given: pass --url, set CLEARSIGHT_URL, or run `clearsight login --url … --token …`.");
  if (!/^https?:\/\/[^/]/i.test(url) || !URL.canParse(url)) throw new CliError(`--url must be an http(s) address like https://clearsight.example.org, not "${url}".`);
  if (!token) throw new CliError("No API token given: pass --token, set CLEARSIGHT_TOKEN, or run `clearsight login`. Create one on /account.");
  return { url: url.replace(/\/+$/, ""), token };
}
