import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { isPostgresUrl, resolveDatabaseUrl } from "./lib/server/database-url";

/**
 * The Prisma CLI (migrate, generate) for either engine: DATABASE_URL picks
 * the schema, its migrations folder and the driver adapter, as lib/server/db.ts
 * does for the app.
 */
const url = resolveDatabaseUrl(process.env.DATABASE_URL);
process.env.DATABASE_URL = url;
const postgres = isPostgresUrl(url);

/** PostgreSQL's type OIDs for `name` (catalog identifiers) and `text`. */
const NAME_OID = 19;
const TEXT_OID = 25;

interface Fields {
  fields?: { dataTypeID: number }[];
}

function nameAsText<R>(result: R): R {
  for (const field of (result as Fields).fields ?? []) if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
  return result;
}

/**
 * `prisma migrate deploy` through @prisma/adapter-pg 6.19 reads catalog
 * columns of type `name`, which that adapter cannot map ("Column type 'name'
 * could not be deserialized", prisma/orm#27403). They hold identifiers, so
 * this pool (still a pg.Pool, as the adapter requires) reports them as text,
 * on its own queries and on the clients it hands out for transactions. For
 * the CLI only: the app never reads the catalog, and raw queries that return
 * `name` cast it with `::text`.
 */
type AnyQuery = (...args: unknown[]) => unknown;

function reportNamesAsText<T extends { query: unknown }>(queryable: T): T {
  const target = queryable as unknown as { query: AnyQuery };
  const query = target.query.bind(queryable);
  target.query = (...args: unknown[]) => {
    const result = query(...args);
    return result instanceof Promise ? result.then(nameAsText) : result;
  };
  return queryable;
}

class NameAsTextPool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super(config);
    reportNamesAsText(this);
    // pg.Pool's own query() connects with a callback: keep that form working.
    const connect = this.connect.bind(this) as (callback?: AnyQuery) => Promise<pg.PoolClient> | undefined;
    this.connect = ((callback?: AnyQuery) => {
      if (callback) return connect(callback);
      return connect()!.then(reportNamesAsText);
    }) as pg.Pool["connect"];
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? path.join("prisma", "postgresql", "schema.prisma") : path.join("prisma", "schema.prisma"),
  migrations: { path: postgres ? path.join("prisma", "postgresql", "migrations") : path.join("prisma", "migrations") },
  adapter: () =>
    Promise.resolve(
      postgres ? new PrismaPg(new NameAsTextPool({ connectionString: url })) : new PrismaBetterSQLite3({ url }),
    ),
});
