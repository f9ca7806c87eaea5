/**
 * What the end-to-end tests read (and set up) in the server's database, on
 * either engine: the same database the server under test uses
 * (E2E_DATABASE_URL, set by playwright.config.ts). Statements use `?`
 * placeholders and quoted identifiers, which both engines accept once the
 * placeholders are numbered for PostgreSQL.
 */
import Database from "better-sqlite3";
import pg from "pg";

const url = process.env.E2E_DATABASE_URL ?? "";
const postgres = /^postgres(ql)?:\/\//.test(url);
// COUNT(*) is a bigint in PostgreSQL: the tests compare counts as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

async function withPostgres<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, options: "-c TimeZone=UTC" });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Every row of a query. */
export async function sqlAll<T>(sql: string, ...params: unknown[]): Promise<T[]> {
  if (postgres) return withPostgres(async (c) => (await c.query(numbered(sql), params)).rows as T[]);
  const db = new Database(url.replace(/^file:/, ""), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The first row of a query, or undefined. */
export async function sqlGet<T>(sql: string, ...params: unknown[]): Promise<T | undefined> {
  return (await sqlAll<T>(sql, ...params))[0];
}

/** A statement that changes rows (test set-up). */
export async function sqlRun(sql: string, ...params: unknown[]): Promise<void> {
  if (postgres) {
    await withPostgres((c) => c.query(numbered(sql), params));
    return;
  }
  const db = new Database(url.replace(/^file:/, ""));
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}
