/**
 * Minimal structured logger. Never pass secrets (passwords, tokens, auth-config secrets) in
 * `fields`; `redact` strips the usual suspects as a second line of defence.
 */
import { readEnv } from "@/lib/env";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, "silent">;

const SECRET_KEYS = /pass(word)?|secret|token|authorization|cookie|key$/i;

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, SECRET_KEYS.test(key) ? "[redacted]" : value]),
  );
}

function write(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  let threshold: number = LEVELS.info;
  try {
    threshold = LEVELS[readEnv().LOG_LEVEL];
  } catch {
    // Configuration errors are reported by whoever reads the env first; keep logging.
  }
  if (LEVELS[level] < threshold) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...redact(fields) });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};

export function describeError(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.message, name: error.name } : { error: String(error) };
}
