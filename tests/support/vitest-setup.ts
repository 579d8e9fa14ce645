import { randomBytes } from "node:crypto";
import { inject } from "vitest";

// Every test file talks to this run's own database; generated secrets are per run too.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.LOG_LEVEL ??= "error";
