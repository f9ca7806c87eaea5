import "server-only";
/**
 * Every difference between the SQL of SQLite and of PostgreSQL, in one
 * place. The rest of lib/server/sql is written in the subset both engines
 * share (quoted identifiers, CTEs, window functions, CASE, bound
 * parameters) and asks this module for the rest.
 *
 * A process speaks one dialect: the engine of its DATABASE_URL (unset means
 * SQLite), the same engine lib/server/db.ts connects to.
 */
import { type Engine, engineOf, resolveDatabaseUrl } from "../database-url";
import { Prisma } from "../generated/prisma/client";

export type Dialect = Engine;

export const DIALECT: Dialect = engineOf(resolveDatabaseUrl(process.env.DATABASE_URL));

/**
 * A bound instant where the statement gives it no type (inside VALUES):
 * SQLite compares the driver's ISO text with the stored ISO text (a CAST
 * would apply NUMERIC affinity and break it); PostgreSQL cannot infer a
 * parameter's type there, so it is cast to the column type.
 */
export function instant(d: Date): Prisma.Sql {
  return DIALECT === "postgresql" ? Prisma.sql`CAST(${d} AS TIMESTAMP(3))` : Prisma.sql`${d}`;
}

/** A bound integer where the statement gives it no type (a SELECT list feeding an INSERT). */
export function integer(n: number): Prisma.Sql {
  return DIALECT === "postgresql" ? Prisma.sql`CAST(${n} AS INTEGER)` : Prisma.sql`${n}`;
}

/**
 * The start of the UTC quarter-hour of an instant column, as a value of the
 * column's type (the progress aggregates' bucket). SQLite stores instants as
 * the driver adapter writes them ("2026-06-15T10:07:00.000+00:00"), so the
 * bucket is built as the same text.
 */
export function quarterHourOf(column: Prisma.Sql): Prisma.Sql {
  return DIALECT === "postgresql"
    ? Prisma.sql`(date_trunc('hour', ${column}) + floor(extract(minute FROM ${column}) / 15) * interval '15 minutes')`
    : Prisma.sql`(substr(${column}, 1, 14) || printf('%02d', (CAST(substr(${column}, 15, 2) AS INTEGER) / 15) * 15) || ':00.000+00:00')`;
}

/** An instant column as whole milliseconds since the epoch, as text (SQLite stores "…T10:07:00.000+00:00"). */
export function epochMillisTextOf(column: Prisma.Sql): Prisma.Sql {
  return DIALECT === "postgresql"
    ? Prisma.sql`CAST(CAST(FLOOR(EXTRACT(EPOCH FROM ${column}) * 1000) AS BIGINT) AS TEXT)`
    : Prisma.sql`CAST(CAST(strftime('%s', ${column}) AS INTEGER) * 1000 + CAST(substr(${column}, 21, 3) AS INTEGER) AS TEXT)`;
}

/** Text values of a group joined by `separator` in `orderBy`'s order (SQLite ≥ 3.44's ordered group_concat). */
export function joinedTextOf(value: Prisma.Sql, separator: string, orderBy: Prisma.Sql): Prisma.Sql {
  return DIALECT === "postgresql"
    ? Prisma.sql`string_agg(${value}, ${separator} ORDER BY ${orderBy})`
    : Prisma.sql`group_concat(${value}, ${separator} ORDER BY ${orderBy})`;
}
