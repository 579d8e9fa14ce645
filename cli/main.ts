/**
 * clearsight — the command-line client for CI: sign in once, create sessions, run a scan and
 * wait for it, gate a pipeline on the results, export findings (CSV, JSON, JUnit, SARIF).
 * Exit codes: 0 success (gate passed), 1 gate or scan failed, 2 usage or connection error.
 */
import { createWriteStream } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { IMPACTS } from "@/lib/results/schema";
import { CliError, request, requestJson, type Connection } from "./client";
import { resolveConnection, writeConfig } from "./config";
import { toJUnit, toSarif, type ExportedSession } from "./formats";
import { watchScan } from "./progress";

const USAGE = `Usage: clearsight <command> [options]

Commands:
  login --url <url> --token <token>      Check the token and store both (mode 0600)
  projects list [--json]                 List projects (id, status, name, URL)
  sessions create --project <id> (--file <session.yaml|json> | --name <name> (--url <page>... | --start-url <url>)
                  [--max-pages n] [--max-depth n] [--wcag 2.1|2.2] [--level A|AA|AAA] [--ignore-robots])
                                         Create a session; prints its id
  scan <sessionId> [--wait] [--interval <s>]
                                         Start a scan; --wait shows progress until it ends
  results <sessionId> --fail-on <serious|critical|moderate|minor|any> [--new-only --baseline <sessionId>] [--json]
                                         CI gate: exit 0 only when it passes
  export <sessionId> --format <csv|json|junit|sarif> [--out <file>] [--kind violation|needs_review|all]

Every command takes --url and --token, or CLEARSIGHT_URL and CLEARSIGHT_TOKEN.
Exit codes: 0 ok, 1 gate or scan failed, 2 usage or connection error.`;

type Flags = Record<string, string | boolean | string[] | undefined>;

const OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  project: { type: "string" },
  file: { type: "string" },
  name: { type: "string" },
  description: { type: "string" },
  "start-url": { type: "string" },
  page: { type: "string", multiple: true },
  "max-pages": { type: "string" },
  "max-depth": { type: "string" },
  wcag: { type: "string" },
  level: { type: "string" },
  "ignore-robots": { type: "boolean" },
  wait: { type: "boolean" },
  interval: { type: "string" },
  "fail-on": { type: "string" },
  "new-only": { type: "boolean" },
  baseline: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  kind: { type: "string" },
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sessionIdArg(positionals: string[], command: string): string {
  const id = positionals[0];
  if (!id) throw new CliError(`${command} needs a session id: clearsight ${command} <sessionId>.`);
  if (!UUID.test(id)) throw new CliError(`"${id}" is not a session id (a UUID like 3f2b…-…).`);
  return id;
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new CliError(`--${flag} must be a whole number, not "${value}".`);
  return number;
}

async function login(flags: Flags): Promise<void> {
  const connection = await resolveConnection({ url: flags.url as string | undefined, token: flags.token as string | undefined });
  const me = await requestJson<{ email: string; role: string }>(connection, "/api/v1/me");
  const file = await writeConfig(connection);
  console.log(`Signed in to ${connection.url} as ${me.email} (${me.role.toLowerCase()}); saved to ${file}.`);
}

async function listProjects(connection: Connection, flags: Flags): Promise<void> {
  const items: Array<{ id: string; name: string; status: string; primaryUrl: string }> = [];
  for (let page = 1; ; page++) {
    const result = await requestJson<{ items: typeof items; total: number; pageSize: number }>(connection, `/api/v1/projects?status=all&pageSize=100&page=${page}`);
    items.push(...result.items);
    if (items.length >= result.total || result.items.length === 0) break;
  }
  if (flags.json) {
    console.log(JSON.stringify(items, null, 2));
    return;
  }
  if (items.length === 0) console.log("No projects yet.");
  for (const project of items) console.log(`${project.id}  ${project.status.padEnd(8)}  ${project.name}  ${project.primaryUrl}`);
}

async function sessionBody(flags: Flags): Promise<Record<string, unknown>> {
  if (flags.file) {
    const file = flags.file as string;
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new CliError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
    }
    let parsed: unknown;
    try {
      parsed = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
      throw new CliError(`${file} is not valid ${/\.json$/i.test(file) ? "JSON" : "YAML"}: ${(error as Error).message.split("\n")[0]}`);
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new CliError(`${file} must describe one session (an object with name, scope…).`);
    return parsed as Record<string, unknown>;
  }
  if (!flags.name) throw new CliError("sessions create needs --name (or --file with the session).");
  const urls = (flags.page as string[] | undefined) ?? [];
  const startUrl = flags["start-url"] as string | undefined;
  if (urls.length === 0 && !startUrl) throw new CliError("sessions create needs --page <url> (repeatable) or --start-url <url> to crawl from.");
  return {
    name: flags.name,
    ...(flags.description ? { description: flags.description } : {}),
    ...(flags.wcag ? { wcagVersion: flags.wcag } : {}),
    ...(flags.level ? { wcagLevel: flags.level } : {}),
    scope: {
      urls,
      ...(startUrl ? { startUrl } : {}),
      ...(flags["max-pages"] !== undefined ? { maxPages: positiveInt(flags["max-pages"] as string, "max-pages") } : {}),
      ...(flags["max-depth"] !== undefined ? { maxDepth: positiveInt(flags["max-depth"] as string, "max-depth") } : {}),
      ...(flags["ignore-robots"] ? { respectRobotsTxt: false } : {}),
    },
  };
}

async function createSession(connection: Connection, flags: Flags): Promise<void> {
  const body = await sessionBody(flags);
  const project = (flags.project as string | undefined) ?? (typeof body.project === "string" ? body.project : undefined);
  if (!project) throw new CliError("sessions create needs --project <projectId> (or `project:` in the file).");
  if (!UUID.test(project)) throw new CliError(`"${project}" is not a project id (a UUID); see \`clearsight projects list\`.`);
  const { project: _project, ...session } = body;
  const created = await requestJson<{ id: string; name: string }>(connection, `/api/v1/projects/${project}/sessions`, { method: "POST", body: session });
  console.error(`Created session “${created.name}”.`);
  console.log(created.id);
}

async function scan(connection: Connection, positionals: string[], flags: Flags): Promise<number> {
  const id = sessionIdArg(positionals, "scan");
  const started = await requestJson<{ status: string; pagesPlanned: number; failureReason: string | null }>(connection, `/api/v1/sessions/${id}/scan`, { method: "POST" });
  if (started.status === "failed") throw new CliError(`The scan could not start: ${started.failureReason ?? "unknown reason"}.`, 1);
  console.error(`Scan queued: ${started.pagesPlanned} page${started.pagesPlanned === 1 ? "" : "s"} planned.`);
  if (!flags.wait) return 0;
  const interval = flags.interval === undefined ? 2 : Number(flags.interval);
  if (!Number.isFinite(interval) || interval <= 0) throw new CliError(`--interval is in seconds, e.g. 2, not "${String(flags.interval)}".`);
  const final = await watchScan(() => requestJson(connection, `/api/v1/sessions/${id}/progress`), { intervalMs: interval * 1000, stream: process.stderr });
  if (final.status !== "completed") {
    throw new CliError(`The scan ended ${final.status}${final.failureReason ? `: ${final.failureReason}` : ""}.`, 1);
  }
  return 0;
}

type Gate = { passed: boolean; failing: number; failingByImpact: Record<string, number>; reason: string; knownInBaseline?: number; summary: { pages: { total: number; error: number } } };

async function results(connection: Connection, positionals: string[], flags: Flags): Promise<number> {
  const id = sessionIdArg(positionals, "results");
  const failOn = flags["fail-on"] as string | undefined;
  if (!failOn) throw new CliError(`results needs --fail-on ${[...IMPACTS].reverse().join("|")}|any.`);
  const impact = failOn === "any" ? "minor" : failOn;
  if (!(IMPACTS as readonly string[]).includes(impact)) throw new CliError(`--fail-on is one of critical, serious, moderate, minor or any, not "${failOn}".`);
  if (flags["new-only"] && !flags.baseline) throw new CliError("--new-only needs --baseline <sessionId>: the session whose findings are not new.");
  if (flags.baseline && !flags["new-only"]) throw new CliError("--baseline is used with --new-only.");
  if (flags.baseline && !UUID.test(flags.baseline as string)) throw new CliError(`"${String(flags.baseline)}" is not a session id (a UUID).`);
  const query = new URLSearchParams({ failOn: impact, pageSize: "1", ...(flags.baseline ? { baseline: flags.baseline as string } : {}) });
  const gate = await requestJson<Gate>(connection, `/api/v1/sessions/${id}/results?${query}`);
  if (flags.json) console.log(JSON.stringify(gate, null, 2));
  else {
    const counts = IMPACTS.slice(IMPACTS.indexOf(impact as (typeof IMPACTS)[number]))
      .reverse()
      .map((name) => `${name} ${gate.failingByImpact[name] ?? 0}`)
      .join(", ");
    console.log(`${gate.passed ? "PASSED" : "FAILED"}: ${gate.reason}${gate.failing > 0 ? ` (${counts})` : ""}`);
    if (gate.knownInBaseline !== undefined) console.log(`${gate.knownInBaseline} finding${gate.knownInBaseline === 1 ? "" : "s"} also in the baseline ignored.`);
  }
  return gate.passed ? 0 : 1;
}

async function exportFindings(connection: Connection, positionals: string[], flags: Flags): Promise<void> {
  const id = sessionIdArg(positionals, "export");
  const format = (flags.format as string | undefined) ?? "";
  if (!["csv", "json", "junit", "sarif"].includes(format)) throw new CliError(`export needs --format csv|json|junit|sarif${format ? `, not "${format}"` : ""}.`);
  const kind = (flags.kind as string | undefined) ?? "all";
  if (!["violation", "needs_review", "all"].includes(kind)) throw new CliError(`--kind is violation, needs_review or all, not "${kind}".`);
  const out = flags.out as string | undefined;
  const response = await request(connection, `/api/v1/sessions/${id}/export?format=${format === "csv" ? "csv" : "json"}&kind=${kind}`);
  if (format === "csv" || format === "json") {
    if (!response.body) throw new CliError("The server sent an empty export.");
    await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), out ? createWriteStream(out) : process.stdout);
  } else {
    const data = (await response.json()) as ExportedSession;
    const text = format === "junit" ? toJUnit(data) : `${JSON.stringify(toSarif(data, connection.url), null, 2)}\n`;
    if (out) await writeFile(out, text);
    else process.stdout.write(text);
  }
  if (out) console.error(`Wrote ${out}.`);
}

async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message.split(/\.\s/)[0]}. Run \`clearsight --help\`.`);
  }
  const flags = parsed.values as Flags;
  const [command, ...rest] = parsed.positionals;
  if (flags.help || !command) {
    console.log(USAGE);
    return command || flags.help ? 0 : 2;
  }
  if (command === "login") {
    await login(flags);
    return 0;
  }
  const connection = await resolveConnection({ url: flags.url as string | undefined, token: flags.token as string | undefined });
  const [sub, ...args] = rest;
  switch (command) {
    case "projects":
      if (sub !== "list") throw new CliError("Did you mean `clearsight projects list`?");
      await listProjects(connection, flags);
      return 0;
    case "sessions":
      if (sub !== "create") throw new CliError("Did you mean `clearsight sessions create`?");
      await createSession(connection, flags);
      return 0;
    case "scan":
      return scan(connection, rest, flags);
    case "results":
      return results(connection, rest, flags);
    case "export":
      await exportFindings(connection, rest, flags);
      return 0;
    default:
      void args;
      throw new CliError(`Unknown command "${command}". Run \`clearsight --help\`.`);
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  const message = error instanceof CliError ? error.message : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`clearsight: ${message}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : 2;
}
