import path from "node:path";

/** Default SQLite file, relative to the project root. */
const DEFAULT_SQLITE_FILE = "data/app.db";

/**
 * Resolves DATABASE_URL to an absolute `file:` URL for SQLite so that the
 * CLI, the server and the scripts all open the same file whatever their cwd.
 * Plain paths are accepted; an empty value means the default file.
 */
export function resolveDatabaseUrl(raw: string | undefined, cwd = process.cwd()): string {
  const value = raw?.trim() ?? "";
  if (value === "") return `file:${path.resolve(cwd, DEFAULT_SQLITE_FILE)}`;
  if (value.startsWith("postgres://") || value.startsWith("postgresql://")) return value;
  const file = value.startsWith("file:") ? value.slice("file:".length) : value;
  return `file:${path.resolve(cwd, file)}`;
}

export function sqliteFilePath(url: string): string {
  if (!url.startsWith("file:")) throw new Error(`Not a SQLite URL: ${url}`);
  return url.slice("file:".length);
}
