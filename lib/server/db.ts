import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { resolveDatabaseUrl } from "./database-url";
import { PrismaClient } from "./generated/prisma/client";

/** How long a write waits for a lock held by another connection. */
const BUSY_TIMEOUT_MS = 10_000;

export type Db = PrismaClient;

export function createDb(rawUrl: string | undefined = process.env.DATABASE_URL): Db {
  const url = resolveDatabaseUrl(rawUrl);
  const adapter = new PrismaBetterSQLite3({ url, timeout: BUSY_TIMEOUT_MS });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { __studyDb?: Db };

/** The one Prisma client of the server process. */
export function getDb(): Db {
  globalForDb.__studyDb ??= createDb();
  return globalForDb.__studyDb;
}
