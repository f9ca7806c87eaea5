/**
 * Brings the database to the committed schema: creates the SQLite file and its
 * folder if missing, applies prisma/migrations with `prisma migrate deploy`,
 * and turns on write-ahead logging so readers never block a grade being saved.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { resolveDatabaseUrl, sqliteFilePath } from "../lib/server/database-url";

const url = resolveDatabaseUrl(process.env.DATABASE_URL);
const isSqlite = url.startsWith("file:");
if (isSqlite) mkdirSync(path.dirname(sqliteFilePath(url)), { recursive: true });

execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});

if (isSqlite) {
  const db = new Database(sqliteFilePath(url));
  db.pragma("journal_mode = WAL");
  db.close();
  console.log(`Database ready: ${sqliteFilePath(url)} (WAL)`);
}
