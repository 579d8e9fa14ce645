import { defineConfig } from "prisma/config";
import { createMigrateAdapterFactory } from "./prisma/migrate-adapter";

// The CLI checks for native engines before running; in js-engine mode neither is used, and
// this machine cannot download them. Any existing file satisfies the check.
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= "/dev/null";
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/dev/null";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => {
    const databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      throw new Error("DATABASE_URL is not set: the Prisma CLI needs it to reach PostgreSQL.");
    }
    return createMigrateAdapterFactory(databaseUrl);
  },
});
