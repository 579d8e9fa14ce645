/**
 * Driver adapter factory for the Prisma CLI's JavaScript schema engine (migrate, diff).
 * Only prisma.config.ts uses it; the app's runtime client uses the plain PrismaPg adapter.
 *
 * It works around three defects of @prisma/adapter-pg 6.19.3 in migrate mode:
 * 1. The schema engine reads catalog columns of types `name` (oid 19) and `"char"` (oid 18),
 *    which the adapter cannot deserialize; we report them as text (oid 25).
 * 2. connectToShadowDb() spreads a config whose connectionString overrides the shadow
 *    database name, so migrations would run against the real database. We pass discrete
 *    host/port/user/password/database fields instead.
 * 3. Disposing the shadow adapter drops the database while its own pool is still connected.
 *    We close the pool first and drop with FORCE.
 */
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

type PgFields = {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
};

const PG_NAME_OID = 19;
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

export function connectionFields(databaseUrl: string): PgFields {
  const url = new URL(databaseUrl);
  return {
    host: decodeURIComponent(url.hostname) || "127.0.0.1",
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username) || "postgres",
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres",
  };
}

type QueryResultLike = { fields: Array<{ dataTypeID: number }> };
type PerformsIO = { performIO: (query: unknown) => Promise<QueryResultLike> };
type StartsTransactions = { startTransaction: (isolationLevel?: unknown) => Promise<unknown> };

function readCatalogTypesAsText<T extends object>(queryable: T): T {
  const target = queryable as unknown as PerformsIO & Partial<StartsTransactions>;
  const performIO = target.performIO.bind(target);
  target.performIO = async (query) => {
    const result = await performIO(query);
    // A multi-statement script (a migration file) yields one result per statement.
    for (const statementResult of Array.isArray(result) ? result : [result]) {
      for (const field of (statementResult as QueryResultLike).fields ?? []) {
        if (field.dataTypeID === PG_NAME_OID || field.dataTypeID === PG_CHAR_OID) {
          field.dataTypeID = PG_TEXT_OID;
        }
      }
    }
    return result;
  };
  if (typeof target.startTransaction === "function") {
    const startTransaction = target.startTransaction.bind(target);
    target.startTransaction = async (isolationLevel) =>
      readCatalogTypesAsText((await startTransaction(isolationLevel)) as object);
  }
  return queryable;
}

async function runAdminStatement(fields: PgFields, sql: string): Promise<void> {
  const client = new pg.Client(fields);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function createMigrateAdapterFactory(databaseUrl: string) {
  const fields = connectionFields(databaseUrl);
  const factory = new PrismaPg(fields);
  const connect = factory.connect.bind(factory);

  return Object.assign(factory, {
    async connect() {
      return readCatalogTypesAsText(await connect());
    },
    async connectToShadowDb() {
      const shadowName = `prisma_shadow_${randomUUID().replace(/-/g, "")}`;
      await runAdminStatement(fields, `CREATE DATABASE "${shadowName}"`);
      const shadow = readCatalogTypesAsText(
        await new PrismaPg({ ...fields, database: shadowName }).connect(),
      );
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await runAdminStatement(fields, `DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
      };
      return shadow;
    },
  });
}
