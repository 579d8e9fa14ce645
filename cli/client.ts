/**
 * The CLI's only way to the server: the public HTTP API with a bearer token. Every failure
 * becomes a CliError with one sentence a person can act on (never a stack trace).
 */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    /** 1: a gate or scan failed; 2: usage, connection or server errors. */
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export type Connection = { url: string; token: string };

type ErrorBody = { error?: { code?: string; message?: string; fields?: Record<string, string[]> } };

function describeFields(fields: Record<string, string[]> | undefined): string {
  if (!fields) return "";
  const parts = Object.entries(fields).map(([field, messages]) => `${field}: ${messages.join(" ")}`);
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

function unreachable(url: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new CliError(`Cannot reach the Clearsight server at ${url} (${reason}). Check --url or CLEARSIGHT_URL.`);
}

export async function request(connection: Connection, path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  const target = new URL(path, connection.url.endsWith("/") ? connection.url : `${connection.url}/`);
  let response: Response;
  try {
    response = await fetch(target, {
      method: init.method ?? "GET",
      headers: {
        authorization: `Bearer ${connection.token}`,
        accept: "application/json",
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw unreachable(connection.url, error);
  }
  if (response.ok) return response;
  const text = await response.text().catch(() => "");
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // Not Clearsight's JSON error body: probably not a Clearsight server at all.
  }
  const message = body.error?.message;
  if (response.status === 401) {
    throw new CliError(`The server did not accept the token (401${message ? `: ${message}` : ""}). Create a token on /account and pass it with --token or CLEARSIGHT_TOKEN.`);
  }
  if (!message) throw new CliError(`${target.pathname} answered HTTP ${response.status}; is ${connection.url} a Clearsight server?`);
  throw new CliError(`${message}${describeFields(body.error?.fields)} (HTTP ${response.status})`);
}

export async function requestJson<T>(connection: Connection, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await request(connection, path, init);
  try {
    return (await response.json()) as T;
  } catch {
    throw new CliError(`${path} did not answer JSON; is ${connection.url} a Clearsight server?`);
  }
}
