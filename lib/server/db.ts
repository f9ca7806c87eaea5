import "server-only";
/**
 * The one database client of the server process, for the engine DATABASE_URL
 * names: SQLite through better-sqlite3 (the embedded default), PostgreSQL
 * through node-postgres. Both generated clients come from twin schemas with
 * identical models, so the app sees one client type (`Db`) either way.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { type Engine, engineOf, resolveDatabaseUrl } from "./database-url";
import { withEndedTransactions } from "./db-adapter";
import { DIALECT } from "./sql/dialect";
import { PrismaClient } from "./generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "./generated/prisma-postgresql/client";

/** How long a SQLite write waits for a lock held by another connection. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * PostgreSQL: a server that goes away gives a prompt, retryable error rather
 * than a hang. Connecting gives up after this long, and so does any one
 * statement (a grade's statements take milliseconds).
 */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;
export const POSTGRES_STATEMENT_TIMEOUT_MS = 15_000;
/** Connections per app process; a class server runs several processes against one server. */
const POSTGRES_POOL_SIZE = 10;

export type Db = PrismaClient & { readonly engine?: Engine };

export function createDb(rawUrl: string | undefined = process.env.DATABASE_URL): Db {
  const url = resolveDatabaseUrl(rawUrl);
  const engine = engineOf(url);
  if (engine !== DIALECT) {
    // The raw SQL of this process is written for one engine (lib/server/sql/dialect.ts).
    throw new Error(`This process speaks ${DIALECT} (from DATABASE_URL) and cannot open a ${engine} database.`);
  }
  if (engine === "postgresql") {
    const adapter = withEndedTransactions(
      new PrismaPg({
        connectionString: url,
        max: POSTGRES_POOL_SIZE,
        connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
        statement_timeout: POSTGRES_STATEMENT_TIMEOUT_MS,
        // Timestamps are stored without a zone and meant as UTC: the session zone must not shift them.
        options: "-c TimeZone=UTC",
      }),
    );
    // The twin schemas have the same models, so the two generated clients have the same shape.
    return new PostgresPrismaClient({ adapter }) as unknown as Db;
  }
  const adapter = withEndedTransactions(new PrismaBetterSQLite3({ url, timeout: BUSY_TIMEOUT_MS }));
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { __studyDb?: Db };

/** The one Prisma client of the server process. */
export function getDb(): Db {
  globalForDb.__studyDb ??= createDb();
  return globalForDb.__studyDb;
}
