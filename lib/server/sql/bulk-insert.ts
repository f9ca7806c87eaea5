import "server-only";
/**
 * Many rows in few statements: a multi-row INSERT with bound values, in
 * chunks below both engines' limits on bound parameters. For writes of
 * thousands of rows at once (an Anki import), where one Prisma createMany
 * per few hundred rows costs tens of milliseconds each. Table and column
 * names come from the caller's code, never from input.
 */
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { instant } from "./dialect";

/** SQLite's default limit is 32,766 bound parameters, PostgreSQL's 65,535: stay below both. */
const MAX_PARAMETERS = 30_000;

/** A column's value: text, a number, an instant, or null. (Booleans differ between the engines: set them after.) */
export type BulkValue = string | number | Date | null;

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

function quoted(identifier: string): string {
  if (!IDENTIFIER.test(identifier)) throw new Error(`Not an identifier this module writes: ${identifier}`);
  return `"${identifier}"`;
}

function valueSql(v: BulkValue): Prisma.Sql {
  return v instanceof Date ? instant(v) : Prisma.sql`${v}`;
}

/** Inserts the rows (each in `columns` order); returns how many. */
export async function insertRows(
  tx: Pick<Db, "$executeRaw">,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly BulkValue[])[],
): Promise<number> {
  const head = Prisma.raw(`INSERT INTO ${quoted(table)} (${columns.map(quoted).join(", ")}) VALUES `);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  let inserted = 0;
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement);
    for (const row of part) {
      if (row.length !== columns.length)
        throw new Error(`A row for ${table} has ${row.length} values, not ${columns.length}`);
    }
    const values = Prisma.join(part.map((row) => Prisma.sql`(${Prisma.join(row.map(valueSql))})`));
    inserted += await tx.$executeRaw`${head}${values}`;
  }
  return inserted;
}
