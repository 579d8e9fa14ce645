/**
 * The database: the Prisma client, and the pg pool under it. Only lib/** data modules import
 * them (enforced by lint).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { requireEnv } from "@/lib/env";

export type Db = PrismaClient;
export type DbTransaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

type Connections = { prisma: PrismaClient; pool: pg.Pool };

const globalForDb = globalThis as unknown as { clearsightDb?: Connections };

function connect(databaseUrl: string): Connections {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    // Fail fast while PostgreSQL is down so health checks answer promptly; the pool
    // reconnects by itself when the server is back.
    connectionTimeoutMillis: 3_000,
    max: 10,
  });
  return {
    pool,
    prisma: new PrismaClient({
      adapter: new PrismaPg(pool, { disposeExternalPool: true }),
      // Prisma's defaults (2 s to get a connection, 5 s to finish) failed requests that were
      // only queued: 20 concurrent writes to one project wait on its row lock and the pool.
      transactionOptions: { maxWait: 10_000, timeout: 15_000 },
    }),
  };
}

export function createPrismaClient(databaseUrl: string): PrismaClient {
  return connect(databaseUrl).prisma;
}

function connections(): Connections {
  globalForDb.clearsightDb ??= connect(requireEnv("DATABASE_URL"));
  return globalForDb.clearsightDb;
}

/** Lazily connected client, so importing lib modules at build time needs no database. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = connections().prisma;
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/**
 * The pool Prisma's queries go through, for the few statements a scan worker runs for every
 * page: plain SQL through pg costs about a fifth of the CPU of the same statement through
 * Prisma (~0.2 ms against ~1 ms, measured here), and the worker's CPU is shared with the
 * browser it drives.
 */
export function sqlPool(): pg.Pool {
  return connections().pool;
}

/**
 * A read written as `Prisma.sql` run through that pool: for the API's hot list reads, where
 * Prisma's own work on a raw query (~1–2 ms of CPU) cost more than PostgreSQL's.
 */
export async function queryRows<T>(query: Prisma.Sql): Promise<T[]> {
  return (await sqlPool().query(query.text, query.values as unknown[])).rows as T[];
}

export async function disconnectDb(): Promise<void> {
  const current = globalForDb.clearsightDb;
  globalForDb.clearsightDb = undefined;
  await current?.prisma.$disconnect();
}
