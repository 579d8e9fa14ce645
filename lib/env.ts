/**
 * The one place that reads process.env. Parsed once, on first use, so a misconfiguration fails
 * with a message naming the variable instead of surfacing later as an odd runtime error.
 */
import { z } from "zod";

const booleanFlag = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"])
  .transform((value) => ["1", "true", "yes", "on"].includes(value));

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Public base URL of the app, e.g. https://clearsight.example.org. */
  NEXTAUTH_URL: z.url().optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** 32 bytes, base64: encrypts auth-config secrets (AES-256-GCM). */
  ENCRYPTION_KEY: z.string().optional(),
  /** The key in use before the last rotation; still accepted for decryption. */
  ENCRYPTION_KEY_PREVIOUS: z.string().optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  DEMO_DATA: booleanFlag.default(true),
  DATA_DIR: z.string().default(".data"),
  /** Cookies without the Secure flag, for plain-http deployments other than localhost. */
  INSECURE_COOKIES: booleanFlag.default(false),
  /** Proxies in front of the app that append to X-Forwarded-For; 0 = clients connect directly (lib/auth/client-address.ts). */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  CHROMIUM_PATH: z.string().optional(),
  /** Sent by the scanner (browser and robots.txt/sitemap fetches); robots.txt groups match its "ClearsightScanner" token. */
  SCANNER_USER_AGENT: z
    .string()
    .max(500)
    .default("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/143.0.0.0 Safari/537.36 ClearsightScanner/1.0"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** How long a worker's claim on a page lasts without a heartbeat before another worker may retry it. */
  WORKER_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  /** Narrows or widens where scans may connect, e.g. "block 10.0.0.0/8, allow 10.1.0.0/16" (lib/network/policy.ts). */
  SCAN_NETWORK_POLICY: z.string().optional(),
  BACKUP_DIR: z.string().optional(),
  BACKUP_INTERVAL_HOURS: z.coerce.number().min(0).default(24),
  BACKUP_RETENTION: z.coerce.number().int().min(1).default(7),
  /** How often a worker runs a retention pass over scan runs (lib/retention); 0 turns pruning off in that worker. */
  RETENTION_INTERVAL_MINUTES: z.coerce.number().min(0).max(10_080).default(60),
  /** How often /api/health re-verifies the live schema; between checks it answers from the last verdict. */
  HEALTH_RECHECK_SECONDS: z.coerce.number().min(0.1).max(86_400).default(60),
  /** smtp(s)://user:password@host:port for email alerts; unset, email alerts are not sent. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional(),
  SMTP_FROM: z.string().default("Clearsight <clearsight@localhost>"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function readEnv(): Env {
  if (cached) return cached;
  // An empty variable means "not set" (e.g. DATABASE_URL= to force the embedded database).
  const source = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join(".")}: ${issue.message}`)
      .join("\n");
    throw new ConfigError(`Invalid environment configuration:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/** For launchers that change process.env (generated secrets, embedded database URL). */
export function resetEnvCache(): void {
  cached = undefined;
}

export function requireEnv<K extends keyof Env>(key: K): NonNullable<Env[K]> {
  const value = readEnv()[key];
  if (value === undefined || value === null || value === "") {
    throw new ConfigError(`${String(key)} is not set. Start the app with \`npm start\`, which provides it.`);
  }
  return value as NonNullable<Env[K]>;
}
