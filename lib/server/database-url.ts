import path from "node:path";

/**
 * DATABASE_URL chooses the engine: `file:` is SQLite (the embedded default,
 * a path relative to the project root), `postgresql://` (or `postgres://`)
 * is PostgreSQL. Anything else is refused with a message naming the
 * variable. No "server-only" here: the CLI configuration and the scripts
 * read it too.
 */

/** Default SQLite file, relative to the project root. */
const DEFAULT_SQLITE_FILE = "data/app.db";

export type Engine = "sqlite" | "postgresql";

export class DatabaseUrlError extends Error {
  override name = "DatabaseUrlError";
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** The engine of a resolved DATABASE_URL. */
export function engineOf(url: string): Engine {
  return isPostgresUrl(url) ? "postgresql" : "sqlite";
}

/**
 * Resolves DATABASE_URL: unset or empty is the default SQLite file; a
 * `file:` URL becomes absolute so the CLI, the server and the scripts open
 * the same file whatever their working directory; a PostgreSQL URL is kept.
 */
export function resolveDatabaseUrl(raw: string | undefined, cwd = process.cwd()): string {
  const value = raw?.trim() ?? "";
  if (value === "") return `file:${path.resolve(cwd, DEFAULT_SQLITE_FILE)}`;
  if (isPostgresUrl(value)) {
    try {
      new URL(value);
    } catch {
      throw new DatabaseUrlError(
        `DATABASE_URL is not a valid PostgreSQL URL (expected postgresql://user:password@host:port/database).`,
      );
    }
    return value;
  }
  if (value.startsWith("file:")) return `file:${path.resolve(cwd, value.slice("file:".length))}`;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  throw new DatabaseUrlError(
    `DATABASE_URL must be a SQLite file URL (file:data/app.db) or a PostgreSQL URL (postgresql://user:password@host:port/database)` +
      (scheme ? `, not a "${scheme}:" URL.` : `; got a value without a scheme.`),
  );
}

export function sqliteFilePath(url: string): string {
  if (!url.startsWith("file:")) throw new Error(`Not a SQLite URL: ${url}`);
  return url.slice("file:".length);
}
