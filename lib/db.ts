/**
 * The Prisma client. Only lib/** data modules import it (enforced by lint).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { requireEnv } from "@/lib/env";

export type Db = PrismaClient;
export type DbTransaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const globalForPrisma = globalThis as unknown as { clearsightPrisma?: PrismaClient };

export function createPrismaClient(databaseUrl: string): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    // Fail fast while PostgreSQL is down so health checks answer promptly; the pool
    // reconnects by itself when the server is back.
    connectionTimeoutMillis: 3_000,
    max: 10,
  });
  return new PrismaClient({ adapter });
}

function getClient(): PrismaClient {
  globalForPrisma.clearsightPrisma ??= createPrismaClient(requireEnv("DATABASE_URL"));
  return globalForPrisma.clearsightPrisma;
}

/** Lazily connected client, so importing lib modules at build time needs no database. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getClient();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export async function disconnectDb(): Promise<void> {
  await globalForPrisma.clearsightPrisma?.$disconnect();
  globalForPrisma.clearsightPrisma = undefined;
}
